package org.fsneurons.experiments.runner;

import java.nio.file.Path;
import org.fsneurons.core.UserInputException;
import org.fsneurons.core.coeff.CoefficientFiles;
import org.fsneurons.core.coeff.CoefficientSet;

/**
 * Reads a coefficient file that an experiment names, without ever quoting the file: its reader's
 * messages may quote what it found (a token, a value), and a mistyped path can name any file, e.g.
 * a secret. What a run reports goes to the results CSV and to MLflow tags, so a file that is not a
 * valid coefficient set is reported by its path alone.
 */
public final class CoefficientFile {
  private CoefficientFile() {}

  /** The set in {@code file}; {@code key} and {@code value} name the setting in the message. */
  public static CoefficientSet read(String key, String value, Path file) {
    try {
      return CoefficientFiles.read(file);
    } catch (RuntimeException bad) {
      // no cause attached: its message may quote the file
      throw new UserInputException(
          key
              + " '"
              + value
              + "': "
              + file
              + " is not a valid coefficient file (expected"
              + " JSON with format \""
              + CoefficientFiles.FORMAT
              + "\", name, target, k, h, T, d; its contents are not"
              + " shown)");
    }
  }
}
