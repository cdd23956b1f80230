package org.fsneurons.experiments.config;

import org.fsneurons.core.UserInputException;

/**
 * One rule per setting that both a command-line flag and an experiments.yaml key take: its bounds
 * and its message. {@code ./fs} reports {@code --relu-k: expected ..., found 31}; experiments.yaml
 * reports {@code experiments.yaml:9:5: experiment 'c': 'relu_k': expected ..., found 31}, with the
 * same text after the setting's name. A new shared setting goes here, then into the command's
 * option and the kind's settings class.
 */
public enum Setting {
  /** FS time steps of a fit: the fitter's bound ({@code org.fsneurons.fit.FitRequest}). */
  K("--k", true, 1, 63, "a number of time steps K in 1..63"),
  /** FS-ReLU time steps: alpha·(1 − 2^−K) must stay representable. */
  RELU_K("--relu-k", true, 1, 30, "a number of time steps K in 1..30"),
  BATCH("--batch", true, 1, 65536, "a batch size from 1 to 65536"),
  /** Images evaluated; 0: all. */
  LIMIT("--limit", true, 0, Integer.MAX_VALUE, "a whole number >= 0"),
  RESTARTS("--restarts", true, 1, Integer.MAX_VALUE, "a whole number >= 1"),
  POINTS("--points", true, 2, Integer.MAX_VALUE, "a whole number >= 2"),
  SAMPLES("--samples", true, 1, Integer.MAX_VALUE, "a whole number >= 1"),
  WARMUP("--warmup", true, 0, Integer.MAX_VALUE, "a whole number >= 0"),
  RUNS("--runs", true, 1, Integer.MAX_VALUE, "a whole number >= 1"),
  /** Profiled runs of a model benchmark; 0: no profile. */
  PROFILE_RUNS("--profile-runs", true, 0, Integer.MAX_VALUE, "a non-negative number"),
  /** Percentile of the calibration inputs as the FS-ReLU scale (100, the maximum: omit it). */
  PERCENTILE("--percentile", false, 0, 100, "a percentile 0 < P < 100"),
  /**
   * Spark partitions of an evaluation (image ranges, one task each); 0: Spark's default. At most
   * {@link #MAX_PARTITIONS}: the driver holds one range per partition (2^31 - 1 of them were an
   * OutOfMemoryError).
   */
  PARTITIONS("--partitions", true, 0, Integer.MAX_VALUE, "a whole number >= 0"),
  /** Wall-clock limit of a fit in seconds; 0: none. */
  TIME_LIMIT("--time-limit", false, 0, Double.MAX_VALUE, "a finite number >= 0");

  /** The most Spark partitions an evaluation takes (ImageNet's 50000 validation images, twice). */
  public static final int MAX_PARTITIONS = 100_000;

  private final String flag;
  private final boolean integer;
  private final double min;
  private final double max;
  private final String what;

  Setting(String flag, boolean integer, double min, double max, String what) {
    this.integer = integer;
    this.flag = flag;
    this.min = min;
    this.max = max;
    this.what = what;
  }

  /** The experiments.yaml key: the flag's name in snake_case. */
  public String key() {
    return flag.substring(2).replace('-', '_');
  }

  /** The command-line flag. */
  public String flag() {
    return flag;
  }

  /** The problem with {@code v} ("expected ..., found v"), or null when it is allowed. */
  public String problem(double v) {
    boolean ok = this == PERCENTILE ? v > min && v < max : v >= min && v <= max;
    if (ok && this == PARTITIONS && v > MAX_PARTITIONS) {
      return "expected at most " + MAX_PARTITIONS + " (one Spark task each), found " + (long) v;
    }
    return ok
        ? null
        : "expected "
            + what
            + ", found "
            + (integer ? Long.toString((long) v) : Double.toString(v));
  }

  /** {@code v} if allowed, else a one-line user error naming the flag. */
  public int flag(int v) {
    flag((double) v);
    return v;
  }

  /** {@code v} if allowed, else a one-line user error naming the flag. */
  public double flag(double v) {
    String p = problem(v);
    if (p != null) {
      throw new UserInputException(flag + ": " + p);
    }
    return v;
  }

  /** For the YAML loader: IllegalArgumentException {@code 'key': expected ..., found v}. */
  void yaml(Number v) {
    String p = v == null ? null : problem(v.doubleValue());
    if (p != null) {
      throw new IllegalArgumentException("'" + key() + "': " + p);
    }
  }
}
