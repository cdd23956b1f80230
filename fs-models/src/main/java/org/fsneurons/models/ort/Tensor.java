package org.fsneurons.models.ort;

import java.util.Arrays;

/**
 * A plain copy of a tensor's data, so that no ONNX Runtime type crosses this module's API: float32
 * data or int64 data (exactly one is non-null) and the shape.
 */
public record Tensor(float[] floats, long[] longs, long[] shape) {
  public Tensor {
    if ((floats == null) == (longs == null)) {
      throw new IllegalArgumentException("a Tensor holds either float or long data");
    }
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    int len = floats != null ? floats.length : longs.length;
    if (n != len) {
      throw new IllegalArgumentException(
          "shape " + Arrays.toString(shape) + " has " + n + " elements but the data has " + len);
    }
    shape = shape.clone();
  }

  public static Tensor ofFloats(float[] data, long... shape) {
    return new Tensor(data, null, shape);
  }

  public static Tensor ofLongs(long[] data, long... shape) {
    return new Tensor(null, data, shape);
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  /** Number of elements. */
  public long size() {
    return floats != null ? floats.length : longs.length;
  }

  /** The single value of a scalar (or one-element) int64 tensor. */
  public long scalarLong() {
    if (longs == null || longs.length != 1) {
      throw new IllegalStateException(
          "not a one-element int64 tensor: shape " + Arrays.toString(shape));
    }
    return longs[0];
  }
}
