package org.fsneurons.core.approx;

import java.util.SplittableRandom;

/** Input point sets used to measure approximations; all float32. */
public final class InputPoints {
  private InputPoints() {}

  /**
   * N evenly spaced points from lo to hi, both ends included (x_i = lo + (hi-lo)·i/(N-1), rounded
   * to float32).
   */
  public static float[] uniform(double lo, double hi, int n) {
    checkUniform(lo, hi);
    if (n < 2) {
      throw new IllegalArgumentException("uniform range needs at least 2 points, found " + n);
    }
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (lo + (hi - lo) * i / (n - 1));
    }
    return x;
  }

  /**
   * N samples of N(mean, std²) from a {@link SplittableRandom} seeded with {@code seed}, rounded to
   * float32.
   */
  public static float[] normal(double mean, double std, int n, long seed) {
    checkNormal(mean, std);
    if (n < 1) {
      throw new IllegalArgumentException("need at least 1 sample, found " + n);
    }
    SplittableRandom rng = new SplittableRandom(seed);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (mean + std * rng.nextGaussian());
    }
    return x;
  }

  /**
   * How many standard deviations from the mean a normal input set may reach (10^6 samples stay
   * within ~5.5).
   */
  public static final double NORMAL_REACH = 8;

  /**
   * The rule for a uniform input range (used by {@code approx}, {@code fit} and experiments):
   * finite LO < HI, both representable as float32 (|x| <= 3.4e38), since inputs are float32;
   * IllegalArgumentException otherwise.
   */
  public static void checkUniform(double lo, double hi) {
    if (!(hi > lo) || !Double.isFinite(lo) || !Double.isFinite(hi)) {
      throw new IllegalArgumentException(
          "uniform range needs finite LO < HI, found " + lo + "," + hi);
    }
    if (Math.abs(lo) > Float.MAX_VALUE || Math.abs(hi) > Float.MAX_VALUE) {
      throw new IllegalArgumentException(
          "uniform range needs LO and HI within float32 (|x| <= "
              + Float.MAX_VALUE
              + ", inputs are float32), found "
              + lo
              + ","
              + hi);
    }
  }

  /**
   * The rule for a normal input distribution: finite MEAN, finite STD > 0, and MEAN +- {@value
   * #NORMAL_REACH} STD within float32 (inputs are float32); IllegalArgumentException otherwise.
   */
  public static void checkNormal(double mean, double std) {
    if (!(std > 0) || !Double.isFinite(std) || !Double.isFinite(mean)) {
      throw new IllegalArgumentException(
          "normal distribution needs finite MEAN and STD > 0, found " + mean + "," + std);
    }
    if (Math.abs(mean) + NORMAL_REACH * std > Float.MAX_VALUE) {
      throw new IllegalArgumentException(
          "normal distribution needs MEAN +- "
              + (int) NORMAL_REACH
              + " STD within float32 (|x| <= "
              + Float.MAX_VALUE
              + ", inputs are float32), found "
              + mean
              + ","
              + std);
    }
  }
}
