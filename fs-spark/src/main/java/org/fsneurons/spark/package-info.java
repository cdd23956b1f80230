/**
 * Distributed evaluation on Apache Spark (RDD API): the driver builds the FS model once ({@link
 * org.fsneurons.models.eval.FsEvaluation#prepareFs}), broadcasts the model bytes, splits the images
 * into contiguous ranges aligned to the batch size ({@link org.fsneurons.spark.ImageRanges}), and
 * each partition opens one ONNX Runtime session pair, reads its images and returns an {@link
 * org.fsneurons.models.eval.EvalTally}; the driver merges the tallies. Since every batch is the
 * same batch as in a single-machine pass and counts and spike totals are integers, the merged
 * numbers equal one machine's.
 */
package org.fsneurons.spark;
