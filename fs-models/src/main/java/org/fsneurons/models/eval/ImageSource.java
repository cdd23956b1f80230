package org.fsneurons.models.eval;

/**
 * Labelled images as the evaluator reads them: count, per-image height, width and channels, labels, and batches
 * written into a caller's buffer in the requested layout.
 */
public interface ImageSource {
  /** Name for messages (e.g. "fashion-mnist:test"). */
  String name();

  int size();

  int height();

  int width();

  int channels();

  int label(int index);

  /** Writes images [start, start+count) into dst in NCHW ({@code nchw}) or NHWC order. */
  void batch(int start, int count, boolean nchw, float[] dst);
}
