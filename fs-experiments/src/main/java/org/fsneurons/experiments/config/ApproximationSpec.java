package org.fsneurons.experiments.config;

import java.util.List;

/**
 * {@code kind: approximation}: a coefficient set against a target on a range ({@code uniform}) or a
 * distribution.
 */
public final class ApproximationSpec extends ExperimentSpec {
  /**
   * A bundled set name (relu, sigmoid, swish, ...) or a coefficient JSON file (relative path: to
   * the YAML file).
   */
  public String coeffs;

  /** Target function; default: the set's own target. */
  public String target;

  /** {@code [lo, hi]}: evenly spaced points, both ends included. */
  public List<Double> uniform;

  /** Number of uniform points (default 100000). */
  public Integer points;

  /** {@code [mean, std]}: samples from a normal distribution. */
  public List<Double> normal;

  /** Number of normal samples (default 1000000). */
  public Integer samples;

  /** Seed of the normal samples (default: the file's top-level seed). */
  public Long seed;

  @Override
  void check() {
    require(
        coeffs,
        "coeffs",
        "a bundled set name (relu, sigmoid, swish, ...) or a coefficient JSON file");
    checkPoints(uniform, points, normal, samples);
  }
}
