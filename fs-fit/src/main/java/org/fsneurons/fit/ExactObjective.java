package org.fsneurons.fit;

import java.util.Arrays;

/**
 * The exact objective of an FS neuron on a weighted point set, in the float32 arithmetic and update
 * order of {@link org.fsneurons.core.neuron.FsNeuron}: weighted MSE + spikeWeight · weighted mean
 * spikes.
 *
 * <p>{@link #solveD} also finds the output weights d that minimise the weighted MSE for given h and
 * T: the output is linear in d (out = Σ d_t z_t), so d solves the K×K normal equations (Zᵀ W Z) d =
 * Zᵀ W y. Points are sorted by x and neighbouring points usually share their spike pattern, so the
 * normal equations are accumulated per run of equal patterns. Not thread-safe (a workspace per
 * instance).
 */
final class ExactObjective {
  private final float[] x;
  private final double[] y;
  private final double[] w;
  private final int k;
  private final double spikeWeight;
  private final double sumWy2;
  private final long[] masks;
  private final double[] gram;
  private final double[] rhs;
  private double mse;
  private double spikes;
  private long evaluations;

  /**
   * @param x points sorted ascending (float32, as the neuron sees them)
   * @param y target values at x
   * @param w weights, summing to 1
   */
  ExactObjective(float[] x, double[] y, double[] w, int k, double spikeWeight) {
    if (k < 1 || k > 63) {
      throw new IllegalArgumentException("K must be in 1..63, found " + k);
    }
    for (int i = 1; i < x.length; i++) {
      if (x[i] < x[i - 1]) {
        throw new IllegalArgumentException("points must be sorted");
      }
    }
    this.x = x.clone();
    this.y = y.clone();
    this.w = w.clone();
    this.k = k;
    this.spikeWeight = spikeWeight;
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      s += w[i] * y[i] * y[i];
    }
    this.sumWy2 = s;
    this.masks = new long[x.length];
    this.gram = new double[k * k];
    this.rhs = new double[k];
  }

  int k() {
    return k;
  }

  double spikeWeight() {
    return spikeWeight;
  }

  /** Weighted MSE of the last evaluation. */
  double lastMse() {
    return mse;
  }

  /** Weighted mean spikes of the last evaluation. */
  double lastSpikes() {
    return spikes;
  }

  long evaluations() {
    return evaluations;
  }

  /** Objective with the given parameters, exactly as the float32 neuron computes its output. */
  double evaluate(float[] h, float[] T, float[] d) {
    evaluations++;
    double se = 0;
    double sp = 0;
    for (int i = 0; i < x.length; i++) {
      float v = x[i];
      float out = 0f;
      int n = 0;
      for (int t = 0; t < k; t++) {
        if (v > T[t]) {
          out = out + d[t];
          v = v - h[t];
          n++;
        }
      }
      double e = out - y[i];
      se += w[i] * e * e;
      sp += w[i] * n;
    }
    mse = se;
    spikes = sp;
    return se + spikeWeight * sp;
  }

  /**
   * The objective over a fit's free variables: unquantised ({@code quant} null), d is not free and
   * the least-squares d is written into {@code d} ({@link #solveD}); quantised, d is used as given
   * ({@link #evaluate}).
   */
  double objective(float[] h, float[] T, float[] d, Quantization quant) {
    return quant == null ? solveD(h, T, d) : evaluate(h, T, d);
  }

  /**
   * Least-squares output weights for h and T, written (as float32) into {@code dOut}; returns the
   * objective with them (the MSE part computed from the normal equations, accurate to rounding of
   * the output sum).
   */
  double solveD(float[] h, float[] T, float[] dOut) {
    evaluations++;
    for (int i = 0; i < x.length; i++) {
      float v = x[i];
      long m = 0;
      for (int t = 0; t < k; t++) {
        if (v > T[t]) {
          m |= 1L << t;
          v = v - h[t];
        }
      }
      masks[i] = m;
    }
    Arrays.fill(gram, 0);
    Arrays.fill(rhs, 0);
    double sp = 0;
    int i = 0;
    while (i < x.length) {
      long m = masks[i];
      double ww = 0;
      double wy = 0;
      int j = i;
      while (j < x.length && masks[j] == m) {
        ww += w[j];
        wy += w[j] * y[j];
        j++;
      }
      sp += ww * Long.bitCount(m);
      for (long ma = m; ma != 0; ma &= ma - 1) {
        int a = Long.numberOfTrailingZeros(ma);
        rhs[a] += wy;
        for (long mb = ma; mb != 0; mb &= mb - 1) {
          int b = Long.numberOfTrailingZeros(mb);
          gram[a * k + b] += ww;
        }
      }
      i = j;
    }
    double[] d = solveSymmetric(gram, rhs, k);
    for (int t = 0; t < k; t++) {
      dOut[t] = (float) d[t];
    }
    // MSE = Σw y² - 2 dᵀr + dᵀ G d with the float32 d
    double q = sumWy2;
    for (int a = 0; a < k; a++) {
      double da = dOut[a];
      q -= 2 * da * rhs[a];
      q += da * da * gram[a * k + a];
      for (int b = a + 1; b < k; b++) {
        q += 2 * da * dOut[b] * gram[a * k + b];
      }
    }
    mse = Math.max(q, 0);
    spikes = sp;
    return mse + spikeWeight * sp;
  }

  /**
   * Solves (G + ridge) d = r for the symmetric positive semi-definite G (upper triangle used) by
   * Cholesky.
   */
  static double[] solveSymmetric(double[] g, double[] r, int k) {
    double maxDiag = 0;
    for (int a = 0; a < k; a++) {
      maxDiag = Math.max(maxDiag, g[a * k + a]);
    }
    double ridge = 1e-12 * maxDiag + 1e-300;
    double[] l = new double[k * k];
    for (int a = 0; a < k; a++) {
      for (int b = 0; b <= a; b++) {
        double sum = g[b * k + a];
        if (a == b) {
          sum += ridge;
        }
        for (int c = 0; c < b; c++) {
          sum -= l[a * k + c] * l[b * k + c];
        }
        if (a == b) {
          l[a * k + a] = Math.sqrt(Math.max(sum, ridge));
        } else {
          l[a * k + b] = sum / l[b * k + b];
        }
      }
    }
    double[] u = new double[k];
    for (int a = 0; a < k; a++) {
      double sum = r[a];
      for (int c = 0; c < a; c++) {
        sum -= l[a * k + c] * u[c];
      }
      u[a] = sum / l[a * k + a];
    }
    double[] d = new double[k];
    for (int a = k - 1; a >= 0; a--) {
      double sum = u[a];
      for (int c = a + 1; c < k; c++) {
        sum -= l[c * k + a] * d[c];
      }
      d[a] = sum / l[a * k + a];
    }
    return d;
  }
}
