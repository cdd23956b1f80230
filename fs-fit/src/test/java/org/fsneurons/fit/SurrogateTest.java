package org.fsneurons.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SurrogateTest {
  private static final int K = 3;

  /**
   * Points, targets and weights of a tiny problem; inputs reach |v_scaled| > 1 so the regulariser
   * is active.
   */
  private static Surrogate tiny(boolean smooth, Quantization q) {
    int n = 9;
    double[] x = new double[n];
    double[] y = new double[n];
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = -3 + 0.77 * i;
      y[i] = Math.max(0, x[i]) * 0.8 + 0.1;
      w[i] = (1.0 + 0.1 * i) / 13.6;
    }
    return new Surrogate(K, x, y, w, 0.3, 0.05, q, smooth);
  }

  private static final double[] H = {1.1, 0.45, -0.3};
  private static final double[] T = {0.4, 1.6, -1.55};
  private static final double[] D = {0.9, 0.35, 0.2};

  @Test
  void backwardPassMatchesFiniteDifferencesOfTheSmoothSurrogate() {
    // smooth mode: z = Phi(s) with Phi' = max(0, 1 - |s|), so the hand-written reverse pass is the
    // exact gradient
    Surrogate s = tiny(true, null);
    double[] gh = new double[K];
    double[] gT = new double[K];
    double[] gd = new double[K];
    s.lossAndGradient(H, T, D, gh, gT, gd);
    assertTrue(s.lastVoltageReg() > 0, "regulariser should be active in this test problem");
    assertTrue(s.lastSpikes() > 0);
    double[][] params = {H, T, D};
    double[][] grads = {gh, gT, gd};
    String[] names = {"h", "T", "d"};
    double eps = 1e-6;
    for (int p = 0; p < 3; p++) {
      for (int t = 0; t < K; t++) {
        double[][] plus = copy(params);
        double[][] minus = copy(params);
        plus[p][t] += eps;
        minus[p][t] -= eps;
        double fd =
            (s.loss(plus[0], plus[1], plus[2]) - s.loss(minus[0], minus[1], minus[2])) / (2 * eps);
        assertEquals(fd, grads[p][t], 1e-7 + 1e-5 * Math.abs(fd), names[p] + "[" + t + "]");
      }
    }
  }

  @Test
  void gradientOfDIsExactWithTheHardSpikeFunction() {
    // the output is linear in d, so with the Heaviside spike function the d-gradient is a true
    // derivative
    Surrogate s = tiny(false, null);
    double[] gh = new double[K];
    double[] gT = new double[K];
    double[] gd = new double[K];
    s.lossAndGradient(H, T, D, gh, gT, gd);
    for (int t = 0; t < K; t++) {
      double[] dp = D.clone();
      double[] dm = D.clone();
      dp[t] += 1e-6;
      dm[t] -= 1e-6;
      double fd = (s.loss(H, T, dp) - s.loss(H, T, dm)) / 2e-6;
      assertEquals(fd, gd[t], 1e-7, "d[" + t + "]");
    }
  }

  @Test
  void hardForwardPassIsTheFsNeuron() {
    // with the Heaviside function the surrogate's MSE is the float64 FS neuron's: compare with a
    // direct loop
    Surrogate s = tiny(false, null);
    s.loss(H, T, D);
    double se = 0;
    for (int i = 0; i < 9; i++) {
      double x = -3 + 0.77 * i;
      double v = x;
      double out = 0;
      for (int t = 0; t < K; t++) {
        if (v > T[t]) {
          out += D[t];
          v -= H[t];
        }
      }
      double e = out - (Math.max(0, x) * 0.8 + 0.1);
      se += (1.0 + 0.1 * i) / 13.6 * e * e;
    }
    assertEquals(se, s.lastMse(), 1e-12);
  }

  @Test
  void straightThroughEstimatorZeroesGradientsOutsideTheGrid() {
    Quantization q = new Quantization(4, -1, 1);
    Surrogate s = tiny(true, q);
    double[] h = {5.0, 0.45, -0.3}; // 5.0 lies outside the nudged range [-1.0667, 0.9333]
    double[] gh = new double[K];
    double[] gT = new double[K];
    double[] gd = new double[K];
    s.lossAndGradient(h, T, D, gh, gT, gd);
    assertEquals(0.0, gh[0]);
  }

  private static double[][] copy(double[][] a) {
    return new double[][] {a[0].clone(), a[1].clone(), a[2].clone()};
  }
}
