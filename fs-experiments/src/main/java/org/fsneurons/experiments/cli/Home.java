package org.fsneurons.experiments.cli;

import java.nio.file.Path;
import org.fsneurons.tracking.PythonEnv;

/**
 * Where the CLI finds the repository ({@code $FS_HOME}, set by the ./fs launcher) and the results
 * folder; fs-tracking's {@link PythonEnv} decides both.
 */
final class Home {
  private Home() {}

  /**
   * $FS_HOME, else the working directory; a FS_HOME that is not a folder is a one-line user error.
   */
  static Path fsHome() {
    return PythonEnv.fsHome();
  }

  /** {@code flag} (a --results option) if given, else {@code results/} in {@link #fsHome()}. */
  static Path resultsDir(Path flag) {
    return PythonEnv.resultsDir(flag);
  }
}
