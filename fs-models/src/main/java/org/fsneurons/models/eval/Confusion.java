package org.fsneurons.models.eval;

import java.io.Serializable;
import java.util.Arrays;

/**
 * A confusion matrix: {@code count(label, predicted)} for labels and top-1 predictions in {@code
 * 0..classes-1}, plus a last column {@link #OTHER} for images whose prediction is no class of the
 * dataset (a non-finite logit, or the background class of a 1001-output model). Matrices of
 * disjoint image sets {@link #merge} by addition.
 *
 * @param classes number of classes
 * @param counts row-major {@code classes × (classes + 1)} counts (copied)
 */
public record Confusion(int classes, long[] counts) implements Serializable {
  /** Column index (as returned by {@link #column}) of predictions that are no class. */
  public static final int OTHER = -1;

  public Confusion {
    if (classes < 1 || counts.length != (long) classes * (classes + 1)) {
      throw new IllegalArgumentException(
          "confusion matrix of "
              + classes
              + " classes needs "
              + classes * (classes + 1L)
              + " counts, found "
              + counts.length);
    }
    counts = counts.clone();
  }

  /** An empty matrix. */
  public static Confusion empty(int classes) {
    return new Confusion(classes, new long[classes * (classes + 1)]);
  }

  @Override
  public long[] counts() {
    return counts.clone();
  }

  /** Images with this label predicted as {@code predicted} ({@link #OTHER} for no class). */
  public long count(int label, int predicted) {
    return counts[index(classes, label, predicted)];
  }

  /** Position of (label, predicted) in {@link #counts()}. */
  static int index(int classes, int label, int predicted) {
    return label * (classes + 1) + (predicted == OTHER ? classes : predicted);
  }

  /** Sum of both matrices. */
  public Confusion merge(Confusion o) {
    if (o.classes != classes) {
      throw new IllegalArgumentException(
          "cannot merge confusion matrices of " + classes + " and " + o.classes + " classes");
    }
    long[] c = counts.clone();
    for (int i = 0; i < c.length; i++) {
      c[i] += o.counts[i];
    }
    return new Confusion(classes, c);
  }

  /** Images with this label. */
  public long support(int label) {
    long s = 0;
    for (int p = 0; p <= classes; p++) {
      s += counts[label * (classes + 1) + p];
    }
    return s;
  }

  /** Fraction of the images with this label predicted as it (recall); NaN without such images. */
  public double accuracy(int label) {
    long s = support(label);
    return s == 0 ? Double.NaN : (double) count(label, label) / s;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Confusion c && c.classes == classes && Arrays.equals(c.counts, counts);
  }

  @Override
  public int hashCode() {
    return 31 * classes + Arrays.hashCode(counts);
  }

  @Override
  public String toString() {
    return "Confusion[" + classes + " classes]";
  }
}
