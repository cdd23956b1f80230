package org.fsneurons.experiments.results;

import org.fsneurons.core.UserInputException;

/** The check of one metric against its expectation. */
public enum Check {
  /** The metric has no expectation (or the experiment was skipped). */
  NONE(""),
  /** The expectation held. */
  OK("ok"),
  /** The expectation did not hold. */
  FAIL("fail"),
  /** The experiment ran but did not produce the expected metric. */
  MISSING("missing");

  private final String id;

  Check(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  /** A regression: the value was wrong or missing. */
  public boolean isRegression() {
    return this == FAIL || this == MISSING;
  }

  public static Check parse(String s) {
    for (Check c : values()) {
      if (c.id.equals(s)) {
        return c;
      }
    }
    throw new UserInputException("unknown check '" + s + "'; expected ok, fail, missing or empty");
  }
}
