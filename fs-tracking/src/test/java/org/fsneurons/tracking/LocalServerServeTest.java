package org.fsneurons.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalServerServeTest {
  @Test
  void serveRunsTheServerCommandAndReturnsItsExitCode(@TempDir Path dir) throws Exception {
    // a stand-in for 'mlflow' that records its arguments and exits 3
    Path mlflow = dir.resolve("mlflow");
    Files.writeString(mlflow, "#!/bin/sh\necho \"$@\" > args.txt\nexit 3\n");
    Files.setPosixFilePermissions(mlflow, PosixFilePermissions.fromString("rwx------"));
    Path store = dir.resolve("store");
    AtomicBoolean started = new AtomicBoolean();
    int rc = LocalServer.serve(mlflow, dir, store, "127.0.0.1", 5099, () -> started.set(true));
    assertEquals(3, rc);
    assertTrue(started.get());
    assertTrue(Files.isDirectory(store.resolve("artifacts")));
    String args = Files.readString(dir.resolve("args.txt")).strip();
    assertEquals(
        String.join(" ", LocalServer.command(mlflow, store, "127.0.0.1", 5099)),
        mlflow + " " + args);
  }
}
