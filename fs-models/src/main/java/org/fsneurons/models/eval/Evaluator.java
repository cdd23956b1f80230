package org.fsneurons.models.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.fsneurons.core.UserInputException;
import org.fsneurons.models.data.ImageDataset;
import org.fsneurons.models.data.InputLayout;
import org.fsneurons.models.data.Layout;
import org.fsneurons.models.instrument.FsStatsAccumulator;
import org.fsneurons.models.instrument.Instrumenter;
import org.fsneurons.models.ort.OrtRunner;
import org.fsneurons.models.ort.Tensor;
import org.fsneurons.models.progress.ProgressListener;

/**
 * Runs the original network and, optionally, its FS version (instrumented) over a dataset in one
 * pass, batch by batch, and measures top-1/top-5 of both plus the FS statistics.
 *
 * <p>What cannot give a wrong number: an image with a NaN or infinite logit counts as wrong (and is
 * counted in {@link EvalResult#nonfiniteOutputs()}); a model whose output has fewer values per
 * image than the dataset has classes, or whose batch dimension does not match, is refused before
 * anything is counted; a model with more than one input is refused; an empty image range is
 * refused.
 */
public final class Evaluator {
  private Evaluator() {}

  /**
   * @param ann session of the original model, or null to run the FS network only (ANN fields are
   *     then NaN)
   * @param fs session of the instrumented FS model, or null for ANN only
   * @param probes read-outs of the FS model (ignored when fs is null)
   * @param data images
   * @param limit at most this many images (≤ 0: all)
   * @param batch batch size
   * @param layout the input layout, or null (from the model's input shape)
   */
  public static EvalResult evaluate(
      OrtRunner ann,
      OrtRunner fs,
      List<Instrumenter.Probe> probes,
      ImageDataset data,
      int limit,
      int batch,
      Layout layout,
      String where,
      ProgressListener progress) {
    int n = limit > 0 ? Math.min(limit, data.size()) : data.size();
    if (n == 0) {
      throw new UserInputException(
          data.name() + ": no images to evaluate (the dataset or its limit is empty)");
    }
    return tally(ann, fs, probes, data, 0, n, batch, layout, where, progress).result();
  }

  /**
   * Counts images {@code from} (inclusive) to {@code to} (exclusive) of {@code data}; progress
   * reports images done of this range (which may be empty). Tallies of disjoint ranges {@link
   * EvalTally#merge merge} into the tally of their union.
   */
  public static EvalTally tally(
      OrtRunner ann,
      OrtRunner fs,
      List<Instrumenter.Probe> probes,
      ImageDataset data,
      int from,
      int to,
      int batch,
      Layout layout,
      String where,
      ProgressListener progress) {
    long t0 = System.nanoTime();
    if (ann == null && fs == null) {
      throw new IllegalArgumentException("nothing to evaluate: no ANN and no FS session");
    }
    if (batch < 1) {
      throw new UserInputException("batch: expected a positive number, found " + batch);
    }
    if (from < 0 || to > data.size() || from > to) {
      throw new IllegalArgumentException(
          "image range [" + from + ", " + to + ") outside 0.." + data.size());
    }
    OrtRunner ref = ann != null ? ann : fs;
    List<String> inputs = ref.inputNames();
    if (inputs.size() != 1) {
      throw new UserInputException(
          where
              + ": the model has "
              + inputs.size()
              + " inputs "
              + inputs
              + "; expected exactly one image input");
    }
    String input = inputs.get(0);
    String output = ref.outputNames().get(0);
    long[] inputShape = ref.inputShape(input);
    Layout order = InputLayout.choose(inputShape, data, layout, where);
    InputLayout.requireBatches(inputShape, to - from, batch, where);
    int per = data.imageSize();
    FsStatsAccumulator acc = fs == null ? null : new FsStatsAccumulator(probes);
    List<String> fsOutputs = new ArrayList<>();
    if (fs != null) {
      fsOutputs.add(output);
      fsOutputs.addAll(acc.outputNames());
    }
    long[] annHits = new long[2];
    long[] fsHits = new long[2];
    long nonfinite = 0;
    int classes = data.numClasses();
    long[] annCm = new long[classes * (classes + 1)];
    long[] fsCm = new long[classes * (classes + 1)];
    float[] buf = new float[batch * per];
    for (int start = from; start < to; start += batch) {
      int b = Math.min(batch, to - start);
      float[] x = b == batch ? buf : new float[b * per];
      data.batch(start, b, order, x);
      Tensor in = Tensor.ofFloats(x, data.batchShape(b, order));
      boolean[] bad = new boolean[b];
      if (ann != null) {
        Tensor logits = ann.run(Map.of(input, in), List.of(output)).get(output);
        add(annHits, topK(logits, data, start, b, bad, annCm, where));
      }
      if (fs != null) {
        Map<String, Tensor> out = fs.run(Map.of(input, in), fsOutputs);
        add(fsHits, topK(out.get(output), data, start, b, bad, fsCm, where + " (FS)"));
        acc.add(out, b);
      }
      for (boolean x1 : bad) {
        nonfinite += x1 ? 1 : 0;
      }
      progress.progress(start + b - from, to - from);
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    return new EvalTally(
        to - from,
        ann != null,
        fs != null,
        annHits[0],
        annHits[1],
        fsHits[0],
        fsHits[1],
        nonfinite,
        fs == null ? List.of() : acc.tallies(),
        ann == null ? null : new Confusion(classes, annCm),
        fs == null ? null : new Confusion(classes, fsCm),
        secs);
  }

  private static void add(long[] sum, int[] hits) {
    sum[0] += hits[0];
    sum[1] += hits[1];
  }

  /**
   * Top-1 and top-5 hits of a [b, classes] logits tensor; images with a non-finite logit are marked
   * and missed. Each image's (label, top-1 prediction) is counted in {@code confusion} (see {@link
   * Confusion}).
   */
  static int[] topK(
      Tensor logits,
      ImageDataset data,
      int start,
      int b,
      boolean[] nonfinite,
      long[] confusion,
      String where) {
    float[] z = logits.floats();
    long[] shape = logits.shape();
    if (z == null) {
      throw new UserInputException(
          where
              + ": output has integer type, shape "
              + Arrays.toString(shape)
              + "; expected float logits [N, "
              + data.numClasses()
              + "]");
    }
    if (shape.length < 1 || shape[0] != b || z.length % b != 0) {
      throw new UserInputException(
          where
              + ": output has shape "
              + Arrays.toString(shape)
              + " for a batch of "
              + b
              + " images; expected logits ["
              + b
              + ", "
              + data.numClasses()
              + "] (batch dimension first)");
    }
    int classes = z.length / b;
    if (classes < data.numClasses()) {
      throw new UserInputException(
          where
              + ": output has "
              + classes
              + " values per image (shape "
              + Arrays.toString(shape)
              + "), fewer than the "
              + data.numClasses()
              + " classes of "
              + data.name()
              + "; expected logits [N, "
              + data.numClasses()
              + "]");
    }
    // models with a background class (TF official ImageNet ResNets: 1001 outputs) shift labels by
    // one
    int offset = classes == data.numClasses() + 1 ? 1 : 0;
    int top1 = 0;
    int top5 = 0;
    for (int i = 0; i < b; i++) {
      int label = data.label(start + i) + offset;
      float mine = z[i * classes + label];
      int better = 0;
      boolean finite = true;
      int argmax = 0;
      for (int c = 0; c < classes; c++) {
        float v = z[i * classes + c];
        finite &= Float.isFinite(v);
        // ties broken towards the lower class index, as argmax does
        if (v > mine || (v == mine && c < label)) {
          better++;
        }
        if (v > z[i * classes + argmax]) {
          argmax = c;
        }
      }
      int predicted = argmax - offset;
      if (!finite || predicted < 0 || predicted >= data.numClasses()) {
        predicted = Confusion.OTHER;
      }
      confusion[Confusion.index(data.numClasses(), label - offset, predicted)]++;
      if (!finite) {
        nonfinite[i] = true;
        continue;
      }
      if (better == 0) {
        top1++;
      }
      if (better < 5) {
        top5++;
      }
    }
    return new int[] {top1, top5};
  }
}
