package org.fsneurons.fit;

import java.util.Arrays;
import org.fsneurons.core.coeff.TargetFunction;

/** What a fit approximates: a built-in activation or (x, y) samples. */
public sealed interface FitTarget {

  /** The target's value at x. */
  double apply(double x);

  /** The built-in function, or null for samples. */
  TargetFunction function();

  /**
   * One-line description for provenance, e.g. {@code swish} or {@code samples:act.csv (200
   * points)}.
   */
  String describe();

  static FitTarget of(TargetFunction fn) {
    return new Function(fn);
  }

  /** A built-in activation. */
  record Function(TargetFunction fn) implements FitTarget {
    public Function {
      if (fn == null) {
        throw new IllegalArgumentException("target function must be given");
      }
    }

    @Override
    public double apply(double x) {
      return fn.apply(x);
    }

    @Override
    public TargetFunction function() {
      return fn;
    }

    @Override
    public String describe() {
      return fn.id();
    }
  }

  /**
   * (x, y) samples, e.g. read by {@link SampleFiles#readXY}. Between samples the target is the
   * straight line through its neighbours; outside the sampled range it is the value of the nearest
   * end (constant). Samples with equal x are averaged. Arrays are copied.
   */
  record Samples(String source, double[] xs, double[] ys) implements FitTarget {
    public Samples {
      if (xs.length != ys.length) {
        throw new IllegalArgumentException(
            "xs has " + xs.length + " values but ys has " + ys.length);
      }
      if (xs.length < 2) {
        throw new IllegalArgumentException(
            source + ": need at least 2 samples, found " + xs.length);
      }
      Integer[] idx = new Integer[xs.length];
      for (int i = 0; i < idx.length; i++) {
        idx[i] = i;
      }
      final double[] xx = xs;
      Arrays.sort(idx, (a, b) -> Double.compare(xx[a], xx[b]));
      double[] sx = new double[xs.length];
      double[] sy = new double[xs.length];
      int n = 0;
      int i = 0;
      while (i < idx.length) {
        double x = xs[idx[i]];
        double sum = 0;
        int c = 0;
        while (i < idx.length && xs[idx[i]] == x) {
          sum += ys[idx[i]];
          c++;
          i++;
        }
        sx[n] = x;
        sy[n] = sum / c;
        n++;
      }
      if (n < 2) {
        throw new IllegalArgumentException(
            source + ": need samples at 2 or more distinct x, found " + n);
      }
      xs = Arrays.copyOf(sx, n);
      ys = Arrays.copyOf(sy, n);
    }

    @Override
    public double[] xs() {
      return xs.clone();
    }

    @Override
    public double[] ys() {
      return ys.clone();
    }

    @Override
    public double apply(double x) {
      if (x <= xs[0]) {
        return ys[0];
      }
      int last = xs.length - 1;
      if (x >= xs[last]) {
        return ys[last];
      }
      int j = Arrays.binarySearch(xs, x);
      if (j >= 0) {
        return ys[j];
      }
      int hi = -j - 1;
      int lo = hi - 1;
      double f = (x - xs[lo]) / (xs[hi] - xs[lo]);
      return ys[lo] + f * (ys[hi] - ys[lo]);
    }

    @Override
    public TargetFunction function() {
      return null;
    }

    @Override
    public String describe() {
      return "samples:" + source + " (" + xs.length + " points, linear interpolation)";
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Samples s
          && source.equals(s.source)
          && Arrays.equals(xs, s.xs)
          && Arrays.equals(ys, s.ys);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(xs) + Arrays.hashCode(ys);
    }

    @Override
    public String toString() {
      return describe();
    }
  }
}
