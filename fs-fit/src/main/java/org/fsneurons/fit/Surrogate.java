package org.fsneurons.fit;

import java.util.Arrays;

/**
 * The surrogate training loss of an FS neuron and its gradient, written out by hand (a reverse pass
 * over the stored per-step states; no autodiff library).
 *
 * <p>Forward pass, in fs-core's update order ({@link org.fsneurons.core.neuron.FsNeuron}), for
 * every training point x<sub>i</sub> with normalised weight w<sub>i</sub> (Σw = 1):
 *
 * <pre>
 *   v_0 = x
 *   for t = 0 .. K-1:
 *     a_t = |v_t| + 1
 *     s_t = (v_t - T_t) / a_t                 // v_scaled of the official find_coeffs.py
 *     z_t = H(s_t)  (1 if s_t &gt; 0, else 0)   // the same as v_t &gt; T_t
 *     out += d_t z_t
 *     v_{t+1} = v_t - h_t z_t
 *   loss = Σ_i w_i (out_i - y_i)²                                // importance-weighted MSE
 *        + λ_v Σ_t (Σ_i w_i max(|s_ti| - 1, 0))²                // official voltage regulariser
 *        + λ_z Σ_i w_i Σ_t z_ti                                  // optional spike penalty (mean spikes)
 * </pre>
 *
 * Backward pass: the official pseudo-derivative dz/ds = max(0, 1 - |s|) replaces H'(s); s depends
 * on v and T through ds/dv = (1 - s·sign(v)) / a and ds/dT = -1 / a (the chain through |v| as
 * TensorFlow differentiates it). With g_v the gradient with respect to v_{t+1}:
 *
 * <pre>
 *   g_out = 2 w (out - y)
 *   g_z   = g_out d_t + λ_z w - g_v h_t
 *   ∂d_t += g_out z_t;   ∂h_t += -g_v z_t
 *   g_s   = g_z max(0, 1 - |s_t|) + 2 λ_v R_t w sign(s_t) [|s_t| &gt; 1]        (R_t the regulariser's inner mean)
 *   ∂T_t += -g_s / a_t
 *   g_v  ← g_v + g_s (1 - s_t sign(v_t)) / a_t
 * </pre>
 *
 * In {@code smooth} mode (for gradient checks only) z = Φ(s), the integral of the triangle max(0, 1
 * - |s|), so that the same backward pass is the exact gradient of a differentiable loss. Fake
 * quantisation (if given) maps h, T, d onto the grid in the forward pass and passes gradients
 * straight through inside the grid's range (straight-through estimator).
 *
 * <p>Instances hold per-step workspaces and are not thread-safe: one per restart.
 */
final class Surrogate {
  private final int k;
  private final int n;
  private final double[] x;
  private final double[] y;
  private final double[] w;
  private final double vWeight;
  private final double zWeight;
  private final boolean smooth;
  private final Quantization quant;
  private final double[] v; // [t * n + i], t = 0..K
  private final double[] s;
  private final double[] z;
  private final double[] out;
  private final double[] gv;
  private final double[] reg;
  private double mse;
  private double vreg;
  private double spikes;

  Surrogate(
      int k,
      double[] x,
      double[] y,
      double[] w,
      double vWeight,
      double zWeight,
      Quantization quant,
      boolean smooth) {
    if (x.length != y.length || x.length != w.length) {
      throw new IllegalArgumentException(
          "x, y, w differ in length: " + x.length + ", " + y.length + ", " + w.length);
    }
    this.k = k;
    this.n = x.length;
    this.x = x.clone();
    this.y = y.clone();
    this.w = w.clone();
    this.vWeight = vWeight;
    this.zWeight = zWeight;
    this.quant = quant;
    this.smooth = smooth;
    this.v = new double[(k + 1) * n];
    this.s = new double[k * n];
    this.z = new double[k * n];
    this.out = new double[n];
    this.gv = new double[n];
    this.reg = new double[k];
  }

  /** Weighted MSE part of the last evaluated loss. */
  double lastMse() {
    return mse;
  }

  /** Voltage-regulariser part (before its weight) of the last evaluated loss. */
  double lastVoltageReg() {
    return vreg;
  }

  /** Weighted mean spikes of the last evaluation. */
  double lastSpikes() {
    return spikes;
  }

  /** The smooth spike function Φ(s) with Φ'(s) = max(0, 1 - |s|). */
  static double smoothSpike(double s) {
    if (s <= -1) {
      return 0;
    }
    if (s <= 0) {
      return 0.5 * (1 + s) * (1 + s);
    }
    if (s < 1) {
      return 1 - 0.5 * (1 - s) * (1 - s);
    }
    return 1;
  }

  /** Loss only (same forward pass as {@link #lossAndGradient}). */
  double loss(double[] h, double[] T, double[] d) {
    return forward(q(h), q(T), q(d));
  }

  /** Loss and its gradient with respect to h, T and d (written into gh, gT, gd, overwritten). */
  double lossAndGradient(
      double[] h, double[] T, double[] d, double[] gh, double[] gT, double[] gd) {
    double[] hq = q(h);
    double[] tq = q(T);
    double[] dq = q(d);
    double loss = forward(hq, tq, dq);
    Arrays.fill(gh, 0);
    Arrays.fill(gT, 0);
    Arrays.fill(gd, 0);
    Arrays.fill(gv, 0);
    for (int t = k - 1; t >= 0; t--) {
      int o = t * n;
      double ht = hq[t];
      double dt = dq[t];
      double regGrad = 2 * vWeight * reg[t];
      double sgh = 0;
      double sgT = 0;
      double sgd = 0;
      for (int i = 0; i < n; i++) {
        double gout = 2 * w[i] * (out[i] - y[i]);
        double zi = z[o + i];
        double si = s[o + i];
        double vi = v[o + i];
        double a = Math.abs(vi) + 1;
        double g = gv[i];
        double gz = gout * dt + zWeight * w[i] - g * ht;
        sgd += gout * zi;
        sgh -= g * zi;
        double abs = Math.abs(si);
        double gs = gz * Math.max(0, 1 - abs);
        if (abs > 1) {
          gs += regGrad * w[i] * Math.signum(si);
        }
        sgT -= gs / a;
        gv[i] = g + gs * (1 - si * Math.signum(vi)) / a;
      }
      gh[t] = sgh;
      gT[t] = sgT;
      gd[t] = sgd;
    }
    if (quant != null) {
      quant.straightThrough(h, gh);
      quant.straightThrough(T, gT);
      quant.straightThrough(d, gd);
    }
    return loss;
  }

  private double[] q(double[] p) {
    return quant == null ? p : quant.fakeQuantize(p);
  }

  private double forward(double[] h, double[] T, double[] d) {
    System.arraycopy(x, 0, v, 0, n);
    Arrays.fill(out, 0);
    double sp = 0;
    double vr = 0;
    for (int t = 0; t < k; t++) {
      int o = t * n;
      int o1 = o + n;
      double ht = h[t];
      double tt = T[t];
      double dt = d[t];
      double r = 0;
      for (int i = 0; i < n; i++) {
        double vi = v[o + i];
        double si = (vi - tt) / (Math.abs(vi) + 1);
        double zi = smooth ? smoothSpike(si) : (si > 0 ? 1 : 0);
        s[o + i] = si;
        z[o + i] = zi;
        out[i] += dt * zi;
        v[o1 + i] = vi - ht * zi;
        double ex = Math.abs(si) - 1;
        if (ex > 0) {
          r += w[i] * ex;
        }
        sp += w[i] * zi;
      }
      reg[t] = r;
      vr += r * r;
    }
    double se = 0;
    for (int i = 0; i < n; i++) {
      double e = out[i] - y[i];
      se += w[i] * e * e;
    }
    mse = se;
    vreg = vr;
    spikes = sp;
    return se + vWeight * vr + zWeight * sp;
  }
}
