package org.fsneurons.experiments.results;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.fsneurons.core.UserInputException;

/** Outcome of one experiment. */
public enum Status {
  /** Ran, had at least one expectation, and every expectation held. */
  PASSED,
  /**
   * Ran and an expectation failed, a metric was missing or not finite, or it stopped with an error.
   */
  FAILED,
  /** Could not run here (missing data, model, variable or adapter); the reason says which. */
  SKIPPED,
  /** Ran and reported its metrics, but had no expectation to check (neither passed nor failed). */
  MEASURED,
  /**
   * Stopped by the user (Ctrl-C) while running; its metrics, if any, are incomplete. Never a
   * regression.
   */
  INTERRUPTED;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The names as written in results tables, comma-separated. */
  public static String allowed() {
    return Arrays.stream(values()).map(Status::id).collect(Collectors.joining(", "));
  }

  public static Status parse(String s) {
    return Arrays.stream(values())
        .filter(v -> v.id().equals(s))
        .findFirst()
        .orElseThrow(
            () ->
                new UserInputException("unknown status '" + s + "'; expected one of " + allowed()));
  }
}
