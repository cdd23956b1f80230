package org.fsneurons.fit;

import java.util.Arrays;

/**
 * Weighted input points, sorted ascending, weights normalised to sum 1. Arrays are copied in and
 * out.
 */
public record PointSet(float[] x, double[] w) {

  public PointSet {
    if (x.length != w.length) {
      throw new IllegalArgumentException("x has " + x.length + " values but w has " + w.length);
    }
    if (x.length == 0) {
      throw new IllegalArgumentException("a point set needs at least one point");
    }
    Integer[] idx = new Integer[x.length];
    boolean sorted = true;
    for (int i = 0; i < x.length; i++) {
      idx[i] = i;
      if (!Float.isFinite(x[i]) || !(w[i] >= 0) || Double.isInfinite(w[i])) {
        throw new IllegalArgumentException(
            "point " + i + " is not finite or has a negative weight: x=" + x[i] + ", w=" + w[i]);
      }
      if (i > 0 && x[i] < x[i - 1]) {
        sorted = false;
      }
    }
    float[] xs = x.clone();
    double[] ws = w.clone();
    if (!sorted) {
      final float[] xx = x;
      Arrays.sort(idx, (a, b) -> Float.compare(xx[a], xx[b]));
      for (int i = 0; i < x.length; i++) {
        xs[i] = x[idx[i]];
        ws[i] = w[idx[i]];
      }
    }
    double sum = 0;
    for (double v : ws) {
      sum += v;
    }
    if (!(sum > 0)) {
      throw new IllegalArgumentException("point weights sum to " + sum + "; need a positive sum");
    }
    for (int i = 0; i < ws.length; i++) {
      ws[i] /= sum;
    }
    x = xs;
    w = ws;
  }

  /** Equally weighted points. */
  public static PointSet equal(float[] x) {
    double[] w = new double[x.length];
    Arrays.fill(w, 1.0);
    return new PointSet(x, w);
  }

  @Override
  public float[] x() {
    return x.clone();
  }

  @Override
  public double[] w() {
    return w.clone();
  }

  /**
   * At most {@code n} points: consecutive blocks merged into one point each (the block's weighted
   * mean x rounded to float32, its summed weight). Returns this set if it is small enough.
   */
  public PointSet coarsen(int n) {
    if (x.length <= n) {
      return this;
    }
    float[] cx = new float[n];
    double[] cw = new double[n];
    for (int b = 0; b < n; b++) {
      int from = (int) ((long) x.length * b / n);
      int to = (int) ((long) x.length * (b + 1) / n);
      double sw = 0;
      double sx = 0;
      for (int i = from; i < to; i++) {
        sw += w[i];
        sx += w[i] * x[i];
      }
      cx[b] = sw > 0 ? (float) (sx / sw) : x[(from + to) / 2];
      cw[b] = sw;
    }
    return new PointSet(cx, cw);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PointSet p && Arrays.equals(x, p.x) && Arrays.equals(w, p.w);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(x) + Arrays.hashCode(w);
  }

  @Override
  public String toString() {
    return "PointSet[" + x.length + " points in [" + x[0] + ", " + x[x.length - 1] + "]]";
  }
}
