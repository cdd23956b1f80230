package org.fsneurons.core.neuron;

/**
 * The few-spikes (FS) neuron of Stöckl &amp; Maass, "Optimized spiking neurons can classify images
 * with high accuracy through temporal coding with two spikes", Nature Machine Intelligence 3
 * (2021), arXiv:2002.00860.
 *
 * <p>For an input x and parameters (h, T, d) with K steps, in float32 arithmetic and in this order:
 *
 * <pre>
 *   v = x; out = 0
 *   for t = 0 .. K-1:
 *     z   = (v &gt; T[t]) ? 1 : 0        // strict comparison
 *     out = out + d[t] * z
 *     v   = v - h[t] * z
 *   y = out; spikes = sum of z
 * </pre>
 *
 * This is the update order of the official {@code fs_coding.py}, for which the published
 * coefficient sets ({@code fs_weights.py}) were fitted. The official {@code find_coeffs.py} instead
 * subtracts the reset at the start of the next step; the published parameters do not fit that order
 * (the swish set's MSE on [-8, 12] becomes 0.376 instead of 0.00345), so this project uses the
 * order above everywhere (reference, compiled form, ONNX bodies, native kernel, fitting). A NaN
 * input never spikes (y = 0).
 *
 * <p>All methods are pure functions of their arguments.
 */
public final class FsNeuron {
  private FsNeuron() {}

  /** Output y for one input. */
  public static float output(FsParams p, float x) {
    float v = x;
    float out = 0f;
    for (int t = 0; t < p.k(); t++) {
      float z = v > p.T(t) ? 1f : 0f;
      out = out + p.d(t) * z;
      v = v - p.h(t) * z;
    }
    return out;
  }

  /** Number of spikes (0..K) for one input. */
  public static int spikes(FsParams p, float x) {
    float v = x;
    int n = 0;
    for (int t = 0; t < p.k(); t++) {
      if (v > p.T(t)) {
        n++;
        v = v - p.h(t);
      }
    }
    return n;
  }

  /** Output and spike count for every input. */
  public static FsOutput run(FsParams p, float[] x) {
    float[] y = new float[x.length];
    int[] s = new int[x.length];
    int k = p.k();
    for (int i = 0; i < x.length; i++) {
      float v = x[i];
      float out = 0f;
      int n = 0;
      for (int t = 0; t < k; t++) {
        float z = v > p.T(t) ? 1f : 0f;
        out = out + p.d(t) * z;
        v = v - p.h(t) * z;
        n += (int) z;
      }
      y[i] = out;
      s[i] = n;
    }
    return new FsOutput(y, s);
  }

  /** The spike train z[0..K-1] of one input. */
  public static boolean[] spikeTrain(FsParams p, float x) {
    boolean[] z = new boolean[p.k()];
    float v = x;
    for (int t = 0; t < p.k(); t++) {
      z[t] = v > p.T(t);
      if (z[t]) {
        v = v - p.h(t);
      }
    }
    return z;
  }
}
