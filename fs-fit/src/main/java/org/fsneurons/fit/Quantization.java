package org.fsneurons.fit;

/**
 * Q-bit fake quantisation of FS parameters within [min, max], exactly as TensorFlow's {@code
 * tf.quantization.fake_quant_with_min_max_args} (used by the official {@code
 * find_quantized_coeffs.py}; narrow_range = false): the range is nudged so that 0 is on the grid,
 * values are clamped to the nudged range and rounded half up to one of the 2^Q grid points, all in
 * float32. The gradient passes straight through inside the nudged range and is 0 outside it
 * (straight-through estimator).
 */
public record Quantization(int bits, double min, double max) {

  public Quantization {
    if (bits < 2 || bits > 16) {
      throw new IllegalArgumentException("quantisation needs 2..16 bits, found " + bits);
    }
    if (!(min < max) || !Double.isFinite(min) || !Double.isFinite(max)) {
      throw new IllegalArgumentException(
          "quantisation range needs finite MIN < MAX, found " + min + "," + max);
    }
  }

  /** Q bits in the range [-8, 8] of the official {@code find_quantized_coeffs.py}. */
  public static Quantization official(int bits) {
    return new Quantization(bits, -8, 8);
  }

  /** Grid spacing (float32). */
  public float scale() {
    return ((float) max - (float) min) / (float) ((1 << bits) - 1);
  }

  /** Lowest grid value after nudging. */
  public float nudgedMin() {
    return (0f - zeroPoint()) * scale();
  }

  /** Highest grid value after nudging. */
  public float nudgedMax() {
    return ((float) ((1 << bits) - 1) - zeroPoint()) * scale();
  }

  private float zeroPoint() {
    float qmax = (float) ((1 << bits) - 1);
    float zp = 0f - (float) min / scale();
    if (zp < 0f) {
      return 0f;
    }
    if (zp > qmax) {
      return qmax;
    }
    return (float) Math.round((double) zp); // std::round: half away from zero (zp >= 0 here)
  }

  /** The grid value of x (float32, as TensorFlow computes it); NaN stays NaN. */
  public float quantize(double x) {
    return gridIndex(x) * scale() + nudgedMin();
  }

  /** Index 0..2^Q-1 of the grid value nearest to x (clamped). */
  public int index(double x) {
    return (int) gridIndex(x);
  }

  /** Grid value number {@code j} (0..2^Q-1), the same float32 value {@link #quantize} returns. */
  public float level(int j) {
    return (float) j * scale() + nudgedMin();
  }

  /**
   * The index of x's grid value as a float32 (NaN for NaN, which {@code level(index(x))} would map
   * to index 0).
   */
  private float gridIndex(double x) {
    float lo = nudgedMin();
    float inv = (float) ((1 << bits) - 1) / ((float) max - (float) min);
    float c = Math.max(lo, Math.min(nudgedMax(), (float) x));
    return (float) Math.floor((c - lo) * inv + 0.5f);
  }

  /** Number of grid values, 2^Q. */
  public int levels() {
    return 1 << bits;
  }

  /** Whether x is exactly a grid value. */
  public boolean onGrid(float x) {
    return quantize(x) == x;
  }

  double[] fakeQuantize(double[] p) {
    double[] r = new double[p.length];
    for (int i = 0; i < p.length; i++) {
      r[i] = quantize(p[i]);
    }
    return r;
  }

  /**
   * Zeroes gradient entries whose parameter lies outside the nudged range (straight-through
   * estimator).
   */
  void straightThrough(double[] p, double[] g) {
    double lo = nudgedMin();
    double hi = nudgedMax();
    for (int i = 0; i < p.length; i++) {
      if (p[i] < lo || p[i] > hi) {
        g[i] = 0;
      }
    }
  }

  /** Short description, e.g. {@code 4 bits in [-8, 8]}. */
  public String describe() {
    return bits
        + " bits in ["
        + min
        + ", "
        + max
        + "] (grid step "
        + scale()
        + ", nudged range ["
        + nudgedMin()
        + ", "
        + nudgedMax()
        + "])";
  }
}
