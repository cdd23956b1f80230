package org.fsneurons.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits images {@code 0..n-1} into contiguous ranges, one per partition, on batch boundaries:
 * partition i gets batches {@code [i*B/p, (i+1)*B/p)} of the {@code B = ceil(n/batch)} batches of a
 * single-machine pass, so each partition runs exactly the batches one machine would (same inputs,
 * same outputs). More partitions than batches leave some ranges empty.
 */
public final class ImageRanges {
  private ImageRanges() {}

  /** Images {@code [from, to)} of partition {@code index}. */
  public record Range(int index, int from, int to) implements Serializable {
    public int size() {
      return to - from;
    }

    @Override
    public String toString() {
      return "[" + from + ", " + to + ")";
    }
  }

  public static List<Range> split(int images, int partitions, int batch) {
    if (images < 0 || partitions < 1 || batch < 1) {
      throw new IllegalArgumentException(
          "images " + images + ", partitions " + partitions + ", batch " + batch);
    }
    long batches = (images + (long) batch - 1) / batch;
    List<Range> out = new ArrayList<>(partitions);
    for (int i = 0; i < partitions; i++) {
      long b0 = batches * i / partitions;
      long b1 = batches * (i + 1) / partitions;
      out.add(new Range(i, (int) Math.min(images, b0 * batch), (int) Math.min(images, b1 * batch)));
    }
    return out;
  }
}
