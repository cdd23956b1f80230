package org.fsneurons.experiments.tracking;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.fsneurons.core.UserInputException;

/** The project's Python environment ({@code $FS_HOME/.venv}) that holds the pinned MLflow server. */
public final class PythonEnv {
  private PythonEnv() {}

  /** {@code .venv/bin/mlflow}, installing the environment with scripts/install-python-env.sh first if missing. */
  public static Path mlflow(Path fsHome, PrintWriter err) throws TrackingException {
    Path mlflow = fsHome.resolve(".venv/bin/mlflow");
    if (Files.isExecutable(mlflow)) {
      return mlflow;
    }
    Path script = fsHome.resolve("scripts/install-python-env.sh");
    if (!Files.isExecutable(script)) {
      throw new TrackingException("no MLflow at " + mlflow + " and no " + script + " to install it", null, null);
    }
    err.println("fs: MLflow environment missing; installing it with scripts/install-python-env.sh (first use only)");
    err.flush();
    try {
      Process p = new ProcessBuilder(script.toString()).directory(fsHome.toFile())
          .redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      int rc = p.waitFor();
      if (rc != 0 || !Files.isExecutable(mlflow)) {
        throw new TrackingException(script + " failed (exit " + rc + "); MLflow is not available", null, null);
      }
    } catch (IOException e) {
      throw new TrackingException("cannot run " + script + ": " + e.getMessage(), e, null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TrackingException("installation of the MLflow environment interrupted", e, null);
    }
    return mlflow;
  }

  /** The interpreter for MLflow's artifact CLI: MLFLOW_PYTHON_EXECUTABLE, else .venv/bin/python. */
  public static Path python(Path fsHome) {
    String env = System.getenv("MLFLOW_PYTHON_EXECUTABLE");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    return fsHome.resolve(".venv/bin/python");
  }

  /** The repository root: $FS_HOME (set by the ./fs launcher), else the working directory. */
  public static Path fsHome() {
    String h = System.getenv("FS_HOME");
    if (h != null && !h.isBlank()) {
      Path p = Path.of(h);
      if (!Files.isDirectory(p)) {
        throw new UserInputException("FS_HOME=" + h + " is not a folder; unset it or point it at the repository");
      }
      return p.toAbsolutePath().normalize();
    }
    return Path.of("").toAbsolutePath();
  }

  /** The results folder: {@code flag} (a --results option) if given, else {@code results/} in {@link #fsHome()}. */
  public static Path resultsDir(Path flag) {
    return flag != null ? flag : fsHome().resolve("results");
  }
}
