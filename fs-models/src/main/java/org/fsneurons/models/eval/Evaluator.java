package org.fsneurons.models.eval;

import java.util.List;
import java.util.Map;
import org.fsneurons.models.data.ImageDataset;
import org.fsneurons.models.data.Layout;
import org.fsneurons.models.instrument.FsStatsAccumulator;
import org.fsneurons.models.instrument.Instrumenter;
import org.fsneurons.models.ort.OrtRunner;
import org.fsneurons.models.ort.Tensor;

/**
 * Runs the original network and, optionally, its FS version (instrumented) over a dataset in one pass, batch by
 * batch, and measures top-1/top-5 of both plus the FS statistics.
 */
public final class Evaluator {
  private Evaluator() {}

  /**
   * @param ann session of the original model, or null to run the FS network only (ANN fields are then NaN)
   * @param fs session of the instrumented FS model, or null for ANN only
   * @param probes read-outs of the FS model (ignored when fs is null)
   * @param data images
   * @param limit at most this many images (≤ 0: all)
   * @param batch batch size
   * @param layout "nchw", "nhwc" or null (from the model's input shape)
   */
  public static EvalResult evaluate(OrtRunner ann, OrtRunner fs, List<Instrumenter.Probe> probes, ImageDataset data,
      int limit, int batch, String layout, String where, ProgressListener progress) {
    long t0 = System.nanoTime();
    if (ann == null && fs == null) {
      throw new IllegalArgumentException("nothing to evaluate: no ANN and no FS session");
    }
    OrtRunner ref = ann != null ? ann : fs;
    String input = ref.inputNames().get(0);
    String output = ref.outputNames().get(0);
    Layout order = InputLayout.choose(ref.inputShape(input), data, layout, where);
    int n = limit > 0 ? Math.min(limit, data.size()) : data.size();
    int per = data.imageSize();
    FsStatsAccumulator acc = fs == null ? null : new FsStatsAccumulator(probes);
    List<String> fsOutputs = null;
    String fsInput = null;
    String fsOutput = null;
    if (fs != null) {
      fsInput = fs.inputNames().get(0);
      fsOutput = output;
      fsOutputs = new java.util.ArrayList<>();
      fsOutputs.add(fsOutput);
      fsOutputs.addAll(acc.outputNames());
    }
    long annTop1 = 0;
    long annTop5 = 0;
    long fsTop1 = 0;
    long fsTop5 = 0;
    float[] buf = new float[batch * per];
    for (int start = 0; start < n; start += batch) {
      int b = Math.min(batch, n - start);
      float[] x = b == batch ? buf : new float[b * per];
      data.batch(start, b, order, x);
      Tensor in = Tensor.ofFloats(x, data.batchShape(b, order));
      if (ann != null) {
        Tensor logits = ann.run(Map.of(input, in), List.of(output)).get(output);
        int[] hits = topK(logits, data, start, b);
        annTop1 += hits[0];
        annTop5 += hits[1];
      }
      if (fs != null) {
        Map<String, Tensor> out = fs.run(Map.of(fsInput, in), fsOutputs);
        int[] fh = topK(out.get(fsOutput), data, start, b);
        fsTop1 += fh[0];
        fsTop5 += fh[1];
        acc.add(out, b);
      }
      progress.progress(start + b, n);
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    if (fs == null) {
      return new EvalResult(n, (double) annTop1 / n, (double) annTop5 / n, Double.NaN, Double.NaN, 0, Double.NaN,
          Double.NaN, Double.NaN, List.of(), secs);
    }
    double a1 = ann == null ? Double.NaN : (double) annTop1 / n;
    double a5 = ann == null ? Double.NaN : (double) annTop5 / n;
    return new EvalResult(n, a1, a5, (double) fsTop1 / n, (double) fsTop5 / n,
        acc.totalNeurons(), acc.spikesPerNeuron(), acc.inputMean(), acc.inputStd(), acc.layers(), secs);
  }

  /** Top-1 and top-5 hits of a [b, classes] logits tensor. */
  static int[] topK(Tensor logits, ImageDataset data, int start, int b) {
    float[] z = logits.floats();
    int classes = z.length / b;
    // models with a background class (TF official ImageNet ResNets: 1001 outputs) shift labels by one
    int offset = classes == data.numClasses() + 1 ? 1 : 0;
    int top1 = 0;
    int top5 = 0;
    for (int i = 0; i < b; i++) {
      int label = data.label(start + i) + offset;
      float mine = z[i * classes + label];
      int better = 0;
      for (int c = 0; c < classes; c++) {
        float v = z[i * classes + c];
        // ties broken towards the lower class index, as argmax does
        if (v > mine || (v == mine && c < label)) {
          better++;
        }
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
