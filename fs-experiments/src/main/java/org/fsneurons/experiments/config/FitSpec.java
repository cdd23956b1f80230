package org.fsneurons.experiments.config;

import java.util.List;

/** {@code kind: fit}: fit a coefficient set to a target function (fs-fit). */
public final class FitSpec extends ExperimentSpec {
  public String target;

  /** Number of time steps K, 1..63 ({@link Setting#K}). */
  public Integer k;

  /** {@code [lo, hi]} range of the fitting points. */
  public List<Double> uniform;

  public Integer points;

  /** {@code [mean, std]} distribution of the fitting points. */
  public List<Double> normal;

  public Integer samples;

  /** Seed of the fit and of its normal samples (default: the file's top-level seed). */
  public Long seed;

  public Integer restarts;

  /** Wall-clock limit in seconds. */
  public Double timeLimit;

  @Override
  void check() {
    require(target, "target", "a target function");
    if (k == null) {
      throw new IllegalArgumentException("missing 'k': a number of time steps K in 1..63");
    }
    Setting.K.yaml(k);
    checkPoints(uniform, points, normal, samples);
    Setting.RESTARTS.yaml(restarts);
    Setting.TIME_LIMIT.yaml(timeLimit);
  }
}
