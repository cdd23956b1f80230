package org.fsneurons.experiments.results;

import java.util.Locale;
import org.fsneurons.core.UserInputException;

/** Outcome of one experiment. */
public enum Status {
  /** Ran and every expectation held (or it has none). */
  PASSED,
  /** Ran and an expectation failed or a metric was missing, or it stopped with an error. */
  FAILED,
  /** Could not run here (missing data, model, variable or adapter); the reason says which. */
  SKIPPED;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Status parse(String s) {
    for (Status v : values()) {
      if (v.id().equals(s)) {
        return v;
      }
    }
    throw new UserInputException("unknown status '" + s + "'; expected passed, failed or skipped");
  }
}
