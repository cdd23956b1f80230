package org.fsneurons.experiments.cli;

import org.fsneurons.core.UserInputException;

/** Parses the {@code A,B} pairs of command-line options (e.g. {@code --uniform -8,12}). */
final class Ranges {
  private Ranges() {}

  /** Two finite numbers separated by a comma; {@code flag} names the option in the error. */
  static double[] pair(String flag, String value) {
    String[] p = value.split(",", -1);
    if (p.length != 2) {
      throw new UserInputException(flag + ": expected two numbers A,B, found '" + value + "'");
    }
    double[] r = new double[2];
    for (int i = 0; i < 2; i++) {
      try {
        r[i] = Double.parseDouble(p[i].trim());
      } catch (NumberFormatException e) {
        throw new UserInputException(flag + ": expected two numbers A,B, found '" + value + "'");
      }
      if (!Double.isFinite(r[i])) {
        throw new UserInputException(flag + ": numbers must be finite, found '" + value + "'");
      }
    }
    return r;
  }
}
