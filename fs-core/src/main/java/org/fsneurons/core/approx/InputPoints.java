package org.fsneurons.core.approx;

import java.util.SplittableRandom;

/** Input point sets used to measure approximations; all float32. */
public final class InputPoints {
  private InputPoints() {}

  /** N evenly spaced points from lo to hi, both ends included (x_i = lo + (hi-lo)·i/(N-1), rounded to float32). */
  public static float[] uniform(double lo, double hi, int n) {
    if (!(hi > lo)) {
      throw new IllegalArgumentException("uniform range needs LO < HI, found " + lo + "," + hi);
    }
    if (n < 2) {
      throw new IllegalArgumentException("uniform range needs at least 2 points, found " + n);
    }
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (lo + (hi - lo) * i / (n - 1));
    }
    return x;
  }

  /** N samples of N(mean, std²) from a {@link SplittableRandom} seeded with {@code seed}, rounded to float32. */
  public static float[] normal(double mean, double std, int n, long seed) {
    if (!(std > 0) || Double.isInfinite(std)) {
      throw new IllegalArgumentException("normal distribution needs STD > 0, found " + std);
    }
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
}
