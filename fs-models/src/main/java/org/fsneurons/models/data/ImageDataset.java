package org.fsneurons.models.data;

import java.util.Objects;

/**
 * A labelled image dataset with random access. Images are float32 in HWC order (row, column,
 * channel), already normalised; labels are class indices in {@code 0..numClasses()-1}.
 * Implementations are safe for concurrent reads.
 *
 * <p>Typical use by an evaluator:
 *
 * <pre>{@code
 * float[] x = new float[batch * ds.imageSize()];
 * for (int start = 0; start < ds.size(); start += batch) {
 *   int n = Math.min(batch, ds.size() - start);
 *   ds.batch(start, n, Layout.NCHW, x);       // x[0 .. n*imageSize) filled
 *   long[] shape = ds.batchShape(n, Layout.NCHW);
 *   ... ds.label(start + i) ...
 * }
 * }</pre>
 */
public interface ImageDataset {

  /** What this is, e.g. {@code fashion-mnist:test} or {@code imagenet:val:1000}. */
  String name();

  /** Number of images. */
  int size();

  int height();

  int width();

  int channels();

  /** Number of classes; every label is in {@code 0..numClasses()-1}. */
  int numClasses();

  /** The normalisation applied to the pixel values. */
  Normalization normalization();

  /** Floats in one image: height × width × channels. */
  default int imageSize() {
    return height() * width() * channels();
  }

  /** The label of image {@code i}. */
  int label(int i);

  /** The labels of images {@code start .. start+count-1}. */
  default int[] labels(int start, int count) {
    checkRange(start, count);
    int[] out = new int[count];
    for (int i = 0; i < count; i++) {
      out[i] = label(start + i);
    }
    return out;
  }

  /** Writes image {@code i} in HWC order into {@code dst[offset .. offset+imageSize())}. */
  void imageInto(int i, float[] dst, int offset);

  /** Image {@code i} in HWC order (a new array). */
  default float[] image(int i) {
    float[] out = new float[imageSize()];
    imageInto(i, out, 0);
    return out;
  }

  /**
   * Fills {@code dst[0 .. count*imageSize())} with images {@code start .. start+count-1} in the
   * given layout. {@code dst} may be longer (a reused buffer for the largest batch); the rest is
   * left as it was.
   */
  default void batch(int start, int count, Layout layout, float[] dst) {
    checkBatch(start, count, dst);
    int size = imageSize();
    if (layout == Layout.NHWC || channels() == 1) {
      for (int b = 0; b < count; b++) {
        imageInto(start + b, dst, b * size);
      }
    } else {
      float[] hwc = new float[size];
      for (int b = 0; b < count; b++) {
        imageInto(start + b, hwc, 0);
        Layouts.hwcToChw(hwc, 0, dst, b * size, height(), width(), channels());
      }
    }
  }

  /** The tensor shape of a batch of {@code count} images in the given layout. */
  default long[] batchShape(int count, Layout layout) {
    return layout.shape(count, height(), width(), channels());
  }

  /**
   * Throws {@link IndexOutOfBoundsException} unless {@code start .. start+count-1} are valid image
   * indices.
   */
  default void checkRange(int start, int count) {
    if (start < 0 || count < 0 || (long) start + count > size()) {
      throw new IndexOutOfBoundsException(
          "images "
              + start
              + ".."
              + ((long) start + count - 1)
              + " requested from "
              + name()
              + " of "
              + size());
    }
  }

  /** Checks the range and that {@code dst} can hold {@code count} images. */
  default void checkBatch(int start, int count, float[] dst) {
    Objects.requireNonNull(dst, "dst");
    checkRange(start, count);
    if ((long) count * imageSize() > dst.length) {
      throw new IllegalArgumentException(
          "batch of "
              + count
              + " images of "
              + imageSize()
              + " floats needs "
              + (long) count * imageSize()
              + " floats, dst has "
              + dst.length);
    }
  }
}
