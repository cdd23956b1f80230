package org.fsneurons.experiments.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.fsneurons.core.UserInputException;

/**
 * Where the CLI finds the repository ({@code $FS_HOME}, set by the ./fs launcher) and the results
 * folder.
 */
final class Home {
  private Home() {}

  /**
   * $FS_HOME, else the working directory; a FS_HOME that is not a folder is a one-line user error.
   */
  static Path fsHome() {
    String h = System.getenv("FS_HOME");
    if (h == null || h.isBlank()) {
      return Path.of("").toAbsolutePath();
    }
    Path p = Path.of(h);
    if (!Files.isDirectory(p)) {
      throw new UserInputException(
          "FS_HOME=" + h + " is not a folder; unset it or point it at the repository");
    }
    return p.toAbsolutePath().normalize();
  }

  /** {@code flag} (a --results option) if given, else {@code results/} in {@link #fsHome()}. */
  static Path resultsDir(Path flag) {
    return flag != null ? flag : fsHome().resolve("results");
  }
}
