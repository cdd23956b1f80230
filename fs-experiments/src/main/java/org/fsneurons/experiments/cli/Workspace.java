package org.fsneurons.experiments.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.fsneurons.core.UserInputException;
import org.fsneurons.models.data.Datasets;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What the command line reads from its process, once, at the edge: the repository root ({@code
 * $FS_HOME}, set by the {@code ./fs} launcher, else the working directory) and the variables that
 * name dataset folders, MLflow settings and {@code ${VAR}} values of experiments.yaml (the
 * environment, with Java system properties of the same names over it). Commands pass these on; the
 * library modules never read the environment.
 */
public record Workspace(Path home, Map<String, String> variables) {
  public Workspace {
    variables = Map.copyOf(variables);
  }

  /** The process's FS_HOME, environment and system properties. */
  static Workspace ofProcess() {
    Map<String, String> vars = new HashMap<>(System.getenv());
    System.getProperties().stringPropertyNames().forEach(n -> vars.put(n, System.getProperty(n)));
    String h = System.getenv("FS_HOME");
    Path home = Path.of("").toAbsolutePath();
    if (h != null && !h.isBlank()) {
      if (!Files.isDirectory(Path.of(h))) {
        throw new UserInputException(
            "FS_HOME=" + h + " is not a folder; unset it or point it at the repository");
      }
      home = Path.of(h).toAbsolutePath().normalize();
    }
    return new Workspace(home, vars);
  }

  /**
   * The workspace of the running {@code ./fs} (held by its root command; a command run on its own
   * reads the process's).
   */
  static Workspace of(CommandSpec spec) {
    return spec.root().userObject() instanceof FsCli root ? root.workspace() : ofProcess();
  }

  /**
   * The results folder: {@code flag} (a --results option) if given, else {@code results/}. An empty
   * flag is refused: it would mean the current folder and scatter latest.csv, runs.csv, artifacts/
   * (or an MLflow store) into it, outside what git ignores.
   */
  Path results(Path flag) {
    if (flag != null && flag.toString().isBlank()) {
      throw new UserInputException(
          "--results: expected a results folder, found an empty value; e.g. --results results");
    }
    return flag != null ? flag : home.resolve("results");
  }

  /** The dataset folders named by the variables (FASHION_MNIST_DIR, CIFAR10_DIR, ...). */
  public Datasets datasets() {
    return Datasets.withVariables(variables);
  }
}
