package org.fsneurons.models.data;

import java.util.Arrays;
import org.fsneurons.core.UserInputException;

/**
 * Decides NCHW or NHWC from a model's input shape and the images' size, with a clear error when
 * neither fits.
 */
public final class InputLayout {
  private InputLayout() {}

  /** NCHW or NHWC: {@code forced}, checked against the shape, or (null) decided from the shape. */
  public static Layout choose(long[] inputShape, ImageDataset data, Layout forced, String where) {
    if (inputShape.length != 4) {
      throw new UserInputException(
          where
              + ": model input has shape "
              + Arrays.toString(inputShape)
              + "; expected 4 dimensions (N,C,H,W or N,H,W,C) for images of "
              + dims(data));
    }
    boolean fitsNchw =
        fits(inputShape[1], data.channels())
            && fits(inputShape[2], data.height())
            && fits(inputShape[3], data.width());
    boolean fitsNhwc =
        fits(inputShape[1], data.height())
            && fits(inputShape[2], data.width())
            && fits(inputShape[3], data.channels());
    if (forced != null) {
      if (forced == Layout.NCHW ? !fitsNchw : !fitsNhwc) {
        throw new UserInputException(
            where
                + ": model input "
                + Arrays.toString(inputShape)
                + " does not take "
                + dims(data)
                + " images in layout "
                + forced);
      }
      return forced;
    }
    if (fitsNchw) {
      return Layout.NCHW;
    }
    if (fitsNhwc) {
      return Layout.NHWC;
    }
    throw new UserInputException(
        where
            + ": model input "
            + Arrays.toString(inputShape)
            + " does not match "
            + data.name()
            + " images of "
            + dims(data)
            + " in NCHW or NHWC layout");
  }

  /**
   * Refuses a model whose input has a fixed batch size (e.g. exported with batch 1) when some batch
   * of the {@code n} images would have another size: ONNX Runtime would fail in the middle of the
   * run.
   */
  public static void requireBatches(long[] inputShape, int n, int batch, String where) {
    long fixed = inputShape.length > 0 ? inputShape[0] : -1;
    if (fixed <= 0 || n <= 0 || batch < 1) {
      return;
    }
    int first = Math.min(batch, n);
    int last = n % first == 0 ? first : n % first;
    if (first != fixed || last != fixed) {
      throw new UserInputException(
          where
              + ": model input "
              + Arrays.toString(inputShape)
              + " has a fixed batch size of "
              + fixed
              + "; expected a dynamic batch dimension (or batches of exactly "
              + fixed
              + " images), found a batch of "
              + (first != fixed ? first : last)
              + " images");
    }
  }

  private static boolean fits(long dim, int want) {
    return dim < 0 || dim == want;
  }

  private static String dims(ImageDataset d) {
    return d.height() + "x" + d.width() + "x" + d.channels() + " (HxWxC)";
  }
}
