package org.fsneurons.tracking;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The project's Python environment ({@code $FS_HOME/.venv}) that holds the pinned MLflow server and
 * the artifact CLI; installed on first use by any tracked command.
 */
public final class PythonEnv {
  private PythonEnv() {}

  /**
   * {@code .venv/bin/mlflow}, installing the environment with scripts/install-python-env.sh first
   * if missing.
   */
  public static Path mlflow(Path fsHome, PrintWriter err) throws TrackingException {
    Path mlflow = fsHome.resolve(".venv/bin/mlflow");
    if (!Files.isExecutable(mlflow)) {
      install(fsHome, err);
    }
    if (!Files.isExecutable(mlflow)) {
      throw new TrackingException(
          "scripts/install-python-env.sh ran but " + mlflow + " is still missing", null, null);
    }
    return mlflow;
  }

  /**
   * The interpreter for MLflow's artifact CLI ({@link #python(Path)}), installing the project's
   * environment first when that is the one used and it is missing (every tracked command needs it,
   * whatever the tracking URI).
   */
  public static Path ensurePython(Path fsHome, PrintWriter err) throws TrackingException {
    return ensurePython(fsHome, System.getenv("MLFLOW_PYTHON_EXECUTABLE"), err);
  }

  /**
   * {@link #ensurePython(Path, PrintWriter)} with MLFLOW_PYTHON_EXECUTABLE given ({@code
   * pythonEnv}, may be null).
   */
  static Path ensurePython(Path fsHome, String pythonEnv, PrintWriter err)
      throws TrackingException {
    Path python = python(fsHome, pythonEnv);
    if (python.equals(fsHome.resolve(".venv/bin/python"))
        && !(Files.isExecutable(python)
            && Files.isExecutable(fsHome.resolve(".venv/bin/mlflow")))) {
      install(fsHome, err);
    }
    if (!Files.isExecutable(python)) {
      throw new TrackingException(
          "no Python interpreter at " + python + " for MLflow artifact uploads", null, null);
    }
    return python;
  }

  /**
   * Runs scripts/install-python-env.sh with its output in {@code build-python-env.log}, after one
   * line on {@code err} that says so.
   */
  private static void install(Path fsHome, PrintWriter err) throws TrackingException {
    Path script = fsHome.resolve("scripts/install-python-env.sh");
    if (!Files.isExecutable(script)) {
      throw new TrackingException(
          "no Python environment at "
              + fsHome.resolve(".venv")
              + " and no "
              + script
              + " to install it",
          null,
          null);
    }
    Path log = fsHome.resolve("build-python-env.log");
    err.println(
        "fs: installing the project's Python environment (MLflow) into "
            + fsHome.resolve(".venv")
            + " with scripts/install-python-env.sh (first use only; log in "
            + log
            + ")");
    err.flush();
    try {
      Process p =
          new ProcessBuilder(script.toString())
              .directory(fsHome.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      int rc = p.waitFor();
      if (rc != 0) {
        throw new TrackingException(
            script + " failed (exit " + rc + "; see " + log + "); MLflow is not available",
            null,
            null);
      }
    } catch (IOException e) {
      throw new TrackingException("cannot run " + script + ": " + e.getMessage(), e, null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TrackingException("installation of the MLflow environment interrupted", e, null);
    }
  }

  /** The interpreter for MLflow's artifact CLI: MLFLOW_PYTHON_EXECUTABLE, else .venv/bin/python. */
  public static Path python(Path fsHome) {
    return python(fsHome, System.getenv("MLFLOW_PYTHON_EXECUTABLE"));
  }

  private static Path python(Path fsHome, String env) {
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    return fsHome.resolve(".venv/bin/python");
  }
}
