package org.fsneurons.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Python environment is installed on first use by any tracked command, with one line that says
 * so.
 */
class PythonEnvTest {
  @TempDir Path home;

  private void installScript(String body) throws Exception {
    Path s = Files.createDirectories(home.resolve("scripts")).resolve("install-python-env.sh");
    Files.writeString(s, "#!/usr/bin/env bash\nset -e\n" + body);
    Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @Test
  void aMissingEnvironmentIsInstalledOnceWithOneLine() throws Exception {
    // a stand-in for the real script: chatty, and it creates the two programs the tracker needs
    installScript(
        """
        echo "fs: installing the Python environment" >&2
        echo "pip noise"
        mkdir -p .venv/bin
        printf '#!/bin/sh\\n' > .venv/bin/python; printf '#!/bin/sh\\n' > .venv/bin/mlflow
        chmod +x .venv/bin/python .venv/bin/mlflow
        """);
    StringWriter err = new StringWriter();
    Path python = PythonEnv.ensurePython(home, null, new PrintWriter(err, true));
    assertEquals(home.resolve(".venv/bin/python"), python);
    assertEquals(1, err.toString().lines().count(), err.toString());
    assertTrue(
        err.toString()
            .startsWith(
                "fs: installing the project's Python environment (MLflow) into "
                    + home.resolve(".venv")),
        err.toString());
    assertTrue(Files.readString(home.resolve("build-python-env.log")).contains("pip noise"));

    StringWriter again = new StringWriter();
    assertEquals(python, PythonEnv.ensurePython(home, null, new PrintWriter(again, true)));
    assertEquals("", again.toString(), "installed already: nothing to say");
  }

  @Test
  void mlflowPythonExecutableIsUsedAsItIsWithoutInstalling() throws Exception {
    Path py = Files.createFile(home.resolve("python"));
    Files.setPosixFilePermissions(py, PosixFilePermissions.fromString("rwxr-xr-x"));
    StringWriter err = new StringWriter();
    assertEquals(py, PythonEnv.ensurePython(home, py.toString(), new PrintWriter(err, true)));
    assertEquals("", err.toString());
  }

  @Test
  void aFailedInstallationSaysWhereItsLogIs() throws Exception {
    installScript("echo 'no network' >&2\nexit 3\n");
    TrackingException e =
        assertThrows(
            TrackingException.class,
            () -> PythonEnv.ensurePython(home, null, new PrintWriter(new StringWriter(), true)));
    assertEquals(
        home.resolve("scripts/install-python-env.sh")
            + " failed (exit 3; see "
            + home.resolve("build-python-env.log")
            + "); MLflow is not available",
        e.getMessage());
  }

  @Test
  void withoutTheScriptTheMessageSaysWhatIsMissing() {
    TrackingException e =
        assertThrows(
            TrackingException.class,
            () -> PythonEnv.ensurePython(home, null, new PrintWriter(new StringWriter(), true)));
    assertEquals(
        "no Python environment at "
            + home.resolve(".venv")
            + " and no "
            + home.resolve("scripts/install-python-env.sh")
            + " to install it",
        e.getMessage());
  }
}
