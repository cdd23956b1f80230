package org.fsneurons.experiments.config;

import java.util.Locale;

/**
 * An expected metric: {@code value} within an absolute {@code tol} or a relative {@code relTol}
 * (|got − value| ≤ relTol·|value|), or bounds {@code min} and/or {@code max} (inclusive). Unused
 * fields are null. A NaN or an infinity never meets an expectation. Comparisons forgive decimal
 * rounding ({@link #SLACK} relative): 0.915 is within 0.925 ± 0.01.
 */
public record Expectation(
    String metric, Double value, Double tol, Double relTol, Double min, Double max) {
  /** Relative slack of every comparison (decimal numbers are not exact in binary). */
  public static final double SLACK = 1e-12;

  public Expectation {
    if (metric == null || metric.isBlank()) {
      throw new IllegalArgumentException("an expectation needs a metric name");
    }
    if (value != null) {
      if (min != null || max != null) {
        throw new IllegalArgumentException(
            "give either 'value' with 'tol' or 'rel_tol', or 'min'/'max', not both");
      }
      if ((tol == null) == (relTol == null)) {
        throw new IllegalArgumentException(
            "'value' needs exactly one of 'tol' (absolute) or 'rel_tol' (relative)");
      }
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException("'value' must be finite, found " + value);
      }
    } else {
      if (tol != null || relTol != null) {
        throw new IllegalArgumentException("'tol' and 'rel_tol' go with 'value'");
      }
      if (min == null && max == null) {
        throw new IllegalArgumentException(
            "give 'value' with 'tol' or 'rel_tol', or 'min' and/or 'max'");
      }
      // an infinite bound holds for every finite number: a check that checks nothing would turn a
      // measured experiment into a passed one
      if (min != null && !Double.isFinite(min)) {
        throw new IllegalArgumentException(
            "'min' must be finite (leave it out for no lower bound), found " + min);
      }
      if (max != null && !Double.isFinite(max)) {
        throw new IllegalArgumentException(
            "'max' must be finite (leave it out for no upper bound), found " + max);
      }
      if (min != null && max != null && min > max) {
        throw new IllegalArgumentException("'min' " + min + " is greater than 'max' " + max);
      }
    }
    for (Double t : new Double[] {tol, relTol}) {
      if (t != null && !(t >= 0 && Double.isFinite(t))) {
        throw new IllegalArgumentException("tolerances must be finite and >= 0, found " + t);
      }
    }
  }

  private static double slack(double v) {
    return SLACK * Math.max(1, Math.abs(v));
  }

  /** From the YAML form; IllegalArgumentException says what is wrong. */
  public static Expectation of(String metric, ExpectSpec s) {
    if (s == null || s.empty) {
      throw new IllegalArgumentException("empty; give value/tol, value/rel_tol or min/max");
    }
    return new Expectation(metric, s.value, s.tol, s.relTol, s.min, s.max);
  }

  /** Whether {@code got} meets the expectation. */
  public boolean holds(double got) {
    if (!Double.isFinite(got)) {
      return false;
    }
    if (value != null) {
      double allowed = tol != null ? tol : relTol * Math.abs(value);
      return Math.abs(got - value) <= allowed + slack(value);
    }
    return (min == null || got >= min - slack(min)) && (max == null || got <= max + slack(max));
  }

  /**
   * Human form, e.g. {@code 0.0034459 ± 1%}, {@code 475136 ± 0}, {@code >= 0.85}, {@code in [0.1,
   * 0.2]}.
   */
  public String describe() {
    if (value != null) {
      return num(value) + " ± " + (tol != null ? num(tol) : num(relTol * 100) + "%");
    }
    if (min != null && max != null) {
      return "in [" + num(min) + ", " + num(max) + "]";
    }
    return min != null ? ">= " + num(min) : "<= " + num(max);
  }

  /** Shortest decimal form; integers without ".0". */
  public static String num(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return String.format(Locale.ROOT, "%d", (long) v);
    }
    return Double.toString(v);
  }
}
