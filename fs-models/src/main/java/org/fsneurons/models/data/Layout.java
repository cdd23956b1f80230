package org.fsneurons.models.data;

import java.util.Locale;
import org.fsneurons.core.UserInputException;

/**
 * Memory order of a batch of images: batch, channel, height, width (PyTorch) or batch, height,
 * width, channel (TF).
 */
public enum Layout {
  NCHW,
  NHWC;

  /** {@code nchw} or {@code nhwc}, in any case; else a user error saying what was expected. */
  public static Layout parse(String text) {
    try {
      return valueOf(text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new UserInputException("expected nchw or nhwc, found '" + text + "'", e);
    }
  }

  /** The tensor shape of a batch of {@code n} images of the given size in this layout. */
  public long[] shape(int n, int height, int width, int channels) {
    return this == NCHW
        ? new long[] {n, channels, height, width}
        : new long[] {n, height, width, channels};
  }
}
