package org.fsneurons.models.data;

/**
 * Memory order of a batch of images: batch, channel, height, width (PyTorch) or batch, height,
 * width, channel (TF).
 */
public enum Layout {
  NCHW,
  NHWC;

  /** The tensor shape of a batch of {@code n} images of the given size in this layout. */
  public long[] shape(int n, int height, int width, int channels) {
    return this == NCHW
        ? new long[] {n, channels, height, width}
        : new long[] {n, height, width, channels};
  }
}
