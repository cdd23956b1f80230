package org.fsneurons.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.fsneurons.core.coeff.CoefficientFiles;
import org.fsneurons.core.coeff.CoefficientSet;
import org.fsneurons.core.coeff.CoefficientSets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FitFilesTest {
  @TempDir Path dir;

  @Test
  void writesTheNamedFile() {
    CoefficientSet set = CoefficientSets.bundled("swish");
    Path out = dir.resolve("sub/swish.json");
    assertEquals(out, FitFiles.writeOrRescue(set, out));
    assertEquals(CoefficientFiles.toJson(set), CoefficientFiles.toJson(CoefficientFiles.read(out)));
  }

  @Test
  void aFileThatCannotBeWrittenLeavesARescueCopyInTheTemporaryFolder() throws IOException {
    CoefficientSet set = CoefficientSets.bundled("relu");
    Path notAFolder = Files.writeString(dir.resolve("file"), "x");
    Path out = notAFolder.resolve("relu.json");
    Path written = FitFiles.writeOrRescue(set, out);
    try {
      assertNotEquals(out, written);
      assertEquals(Path.of(System.getProperty("java.io.tmpdir")), written.getParent());
      assertTrue(written.getFileName().toString().startsWith("fs-fit-relu-"), written.toString());
      assertEquals(
          CoefficientFiles.toJson(set), CoefficientFiles.toJson(CoefficientFiles.read(written)));
    } finally {
      Files.deleteIfExists(written);
    }
  }
}
