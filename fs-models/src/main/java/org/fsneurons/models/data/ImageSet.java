package org.fsneurons.models.data;

import java.util.Objects;

/**
 * An in-memory labelled image dataset: all pixels in one float array in NHWC order. Immutable; the
 * public constructor copies its arrays, accessors return copies.
 */
public final class ImageSet implements ImageDataset {
  private final String name;
  private final int count;
  private final int height;
  private final int width;
  private final int channels;
  private final float[] pixels;
  private final int[] labels;
  private final int numClasses;
  private final Normalization normalization;

  /**
   * @param pixels {@code count × height × width × channels} floats, NHWC
   * @param labels {@code count} labels in {@code 0..numClasses-1}
   */
  public ImageSet(
      String name,
      int height,
      int width,
      int channels,
      float[] pixels,
      int[] labels,
      int numClasses,
      Normalization normalization) {
    this(
        name,
        height,
        width,
        channels,
        pixels.clone(),
        labels.clone(),
        numClasses,
        normalization,
        true);
  }

  private ImageSet(
      String name,
      int height,
      int width,
      int channels,
      float[] pixels,
      int[] labels,
      int numClasses,
      Normalization normalization,
      boolean ignored) {
    this.name = Objects.requireNonNull(name, "name");
    this.normalization = Objects.requireNonNull(normalization, "normalization");
    if (height < 1 || width < 1 || channels < 1 || numClasses < 1) {
      throw new IllegalArgumentException(
          "image set needs height, width, channels and numClasses >= 1, found "
              + height
              + ", "
              + width
              + ", "
              + channels
              + ", "
              + numClasses);
    }
    this.count = labels.length;
    long expected = (long) count * height * width * channels;
    if (pixels.length != expected) {
      throw new IllegalArgumentException(
          "image set '"
              + name
              + "': "
              + count
              + " labels need "
              + expected
              + " pixel values of "
              + height
              + "x"
              + width
              + "x"
              + channels
              + ", found "
              + pixels.length);
    }
    for (int i = 0; i < count; i++) {
      if (labels[i] < 0 || labels[i] >= numClasses) {
        throw new IllegalArgumentException(
            "image set '"
                + name
                + "': label "
                + labels[i]
                + " of image "
                + i
                + " is outside 0.."
                + (numClasses - 1));
      }
    }
    this.height = height;
    this.width = width;
    this.channels = channels;
    this.pixels = pixels;
    this.labels = labels;
    this.numClasses = numClasses;
  }

  /**
   * Takes ownership of the arrays (no copy); for readers in this package that have just made them.
   */
  static ImageSet wrap(
      String name,
      int height,
      int width,
      int channels,
      float[] pixels,
      int[] labels,
      int numClasses,
      Normalization normalization) {
    return new ImageSet(
        name, height, width, channels, pixels, labels, numClasses, normalization, true);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int size() {
    return count;
  }

  @Override
  public int height() {
    return height;
  }

  @Override
  public int width() {
    return width;
  }

  @Override
  public int channels() {
    return channels;
  }

  @Override
  public int numClasses() {
    return numClasses;
  }

  @Override
  public Normalization normalization() {
    return normalization;
  }

  @Override
  public int label(int i) {
    Objects.checkIndex(i, count);
    return labels[i];
  }

  /** All labels (a copy). */
  public int[] labels() {
    return labels.clone();
  }

  /** All pixels, NHWC (a copy). */
  public float[] pixels() {
    return pixels.clone();
  }

  @Override
  public void imageInto(int i, float[] dst, int offset) {
    Objects.checkIndex(i, count);
    int size = imageSize();
    System.arraycopy(pixels, i * size, dst, offset, size);
  }

  @Override
  public void batch(int start, int count, Layout layout, float[] dst) {
    checkBatch(start, count, dst);
    int size = imageSize();
    if (layout == Layout.NHWC || channels == 1) {
      System.arraycopy(pixels, start * size, dst, 0, count * size);
    } else {
      for (int b = 0; b < count; b++) {
        Layouts.hwcToChw(pixels, (start + b) * size, dst, b * size, height, width, channels);
      }
    }
  }

  @Override
  public String toString() {
    return name
        + " ("
        + count
        + " images "
        + height
        + "x"
        + width
        + "x"
        + channels
        + ", "
        + numClasses
        + " classes, "
        + normalization
        + ")";
  }
}
