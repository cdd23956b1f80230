package org.fsneurons.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.fsneurons.models.data.DatasetSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceTest {
  @TempDir Path dir;

  @Test
  void resultsAndDatasetFoldersComeFromTheWorkspace() {
    Workspace w = new Workspace(Path.of("/repo"), Map.of("FASHION_MNIST_DIR", dir.toString()));
    assertEquals(Path.of("/repo/results"), w.results(null));
    assertEquals(Path.of("elsewhere"), w.results(Path.of("elsewhere")));
    assertEquals(dir, w.datasets().directory(DatasetSpec.Kind.FASHION_MNIST));
  }

  @Test
  void aSystemPropertyGoesOverTheEnvironment() {
    String path = System.getenv("PATH");
    System.setProperty("PATH", "from-property");
    try {
      assertEquals("from-property", Workspace.ofProcess().variables().get("PATH"));
    } finally {
      System.clearProperty("PATH");
    }
    assertEquals(path, Workspace.ofProcess().variables().get("PATH"));
  }
}
