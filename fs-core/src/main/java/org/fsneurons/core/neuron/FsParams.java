package org.fsneurons.core.neuron;

import java.util.Arrays;

/**
 * Parameters of an FS neuron with K time steps: reset amounts {@code h}, thresholds {@code T} and
 * output weights {@code d}, all float32 and of equal length K &ge; 1. The dynamics are documented
 * once, in {@link FsNeuron}.
 *
 * <p>Arrays are copied in and out; the record is immutable.
 */
public record FsParams(float[] h, float[] T, float[] d) {

  public FsParams {
    if (h == null || T == null || d == null) {
      throw new IllegalArgumentException("FS parameters h, T and d must all be given");
    }
    if (h.length != T.length || h.length != d.length) {
      throw new IllegalArgumentException(
          "FS parameters must have equal lengths K, found h="
              + h.length
              + ", T="
              + T.length
              + ", d="
              + d.length);
    }
    if (h.length == 0) {
      throw new IllegalArgumentException("FS parameters need K >= 1 time steps, found K=0");
    }
    check("h", h);
    check("T", T);
    check("d", d);
    h = h.clone();
    T = T.clone();
    d = d.clone();
  }

  private static void check(String name, float[] a) {
    for (int i = 0; i < a.length; i++) {
      if (!Float.isFinite(a[i])) {
        throw new IllegalArgumentException(
            "FS parameter " + name + "[" + i + "] must be finite, found " + a[i]);
      }
    }
  }

  /** Convenience factory from doubles, each rounded to the nearest float32. */
  public static FsParams ofDoubles(double[] h, double[] T, double[] d) {
    return new FsParams(toFloat(h), toFloat(T), toFloat(d));
  }

  static float[] toFloat(double[] a) {
    if (a == null) {
      return null;
    }
    float[] f = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      f[i] = (float) a[i];
    }
    return f;
  }

  /** Number of time steps K. */
  public int k() {
    return h.length;
  }

  @Override
  public float[] h() {
    return h.clone();
  }

  @Override
  public float[] T() {
    return T.clone();
  }

  @Override
  public float[] d() {
    return d.clone();
  }

  /** Reset amount of step t, without copying the array. */
  public float h(int t) {
    return h[t];
  }

  /** Threshold of step t, without copying the array. */
  public float T(int t) {
    return T[t];
  }

  /** Output weight of step t, without copying the array. */
  public float d(int t) {
    return d[t];
  }

  /**
   * The same neuron with every h, T and d multiplied by {@code scale} (float32), e.g. a per-layer
   * alpha for ReLU.
   */
  public FsParams scaled(float scale) {
    float[] hs = h.clone();
    float[] ts = T.clone();
    float[] ds = d.clone();
    for (int i = 0; i < hs.length; i++) {
      hs[i] *= scale;
      ts[i] *= scale;
      ds[i] *= scale;
    }
    return new FsParams(hs, ts, ds);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FsParams p
        && Arrays.equals(h, p.h)
        && Arrays.equals(T, p.T)
        && Arrays.equals(d, p.d);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(h) + Arrays.hashCode(T)) + Arrays.hashCode(d);
  }

  @Override
  public String toString() {
    return "FsParams[K="
        + h.length
        + ", h="
        + Arrays.toString(h)
        + ", T="
        + Arrays.toString(T)
        + ", d="
        + Arrays.toString(d)
        + "]";
  }
}
