package org.fsneurons.models.convert;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fsneurons.core.coeff.CoefficientSet;
import org.fsneurons.core.coeff.CoefficientSets;
import org.fsneurons.models.data.ImageDataset;
import org.fsneurons.models.eval.InputLayout;
import org.fsneurons.models.eval.ProgressListener;
import org.fsneurons.models.onnx.GraphEdits;
import org.fsneurons.models.onnx.OnnxModels;
import org.fsneurons.models.ort.OrtRunner;
import org.fsneurons.models.ort.SessionConfig;
import org.fsneurons.models.ort.Tensor;

/**
 * Data-aware FS-ReLU: chooses alpha per ReLU layer from calibration images so that the layer's largest input (or a
 * percentile of its positive inputs) is the largest value the K-bit code represents: alpha_l = v_l / (1 − 2^−K).
 * Calibration data must not come from the test split (the caller checks).
 */
public final class Calibrator {
  private static final int BINS = 1 << 16;

  private Calibrator() {}

  /** One layer's calibration. */
  public record LayerCalibration(String layer, double max, double value, double alpha) {}

  /**
   * Per-layer FS-ReLU sets for every Relu activation of {@code ann}.
   *
   * @param percentile NaN for the maximum, else a percentile in (0, 100) of the layer's positive inputs
   * @param k time steps of the FS-ReLU
   */
  public static Map<String, CoefficientSet> reluSets(ModelProto ann, ImageDataset data, int batch, String layout,
      double percentile, int k, SessionConfig cfg, String where, List<LayerCalibration> report,
      ProgressListener progress) {
    List<Activation> relus = ActivationFinder.find(ann.getGraph()).stream()
        .filter(a -> a.kind() == ActivationKind.RELU).toList();
    Map<String, CoefficientSet> sets = new LinkedHashMap<>();
    if (relus.isEmpty()) {
      return sets;
    }
    boolean pct = !Double.isNaN(percentile);
    int opset = OnnxModels.defaultOpset(ann);
    GraphProto.Builder gb = ann.getGraph().toBuilder();
    List<String> maxOut = new ArrayList<>();
    List<String> flatOut = new ArrayList<>();
    for (Activation a : relus) {
      String p = a.name() + "/cal_";
      gb.addNode(GraphEdits.node("Flatten", p + "flatten", List.of(a.input()), List.of(p + "flat"),
          GraphEdits.intAttr("axis", 1)));
      GraphEdits.reduceAxis1(gb, opset, "ReduceMax", p + "max", p + "flat", p + "max_out");
      gb.addOutput(GraphEdits.output(p + "max_out", TensorProto.DataType.FLOAT_VALUE, 2));
      maxOut.add(p + "max_out");
      if (pct) {
        gb.addOutput(GraphEdits.output(p + "flat", TensorProto.DataType.FLOAT_VALUE, 2));
        flatOut.add(p + "flat");
      }
    }
    ModelProto probe = ann.toBuilder().setGraph(gb.build()).build();
    double[] max = new double[relus.size()];
    java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
    long[][] hist = pct ? new long[relus.size()][BINS] : null;
    try (OrtRunner r = OrtRunner.open(probe.toByteArray(), where + " (calibration)", cfg)) {
      String input = r.inputNames().get(0);
      boolean nchw = InputLayout.nchw(r.inputShape(input), data, layout, where);
      int passes = pct ? 2 : 1;
      for (int pass = 0; pass < passes; pass++) {
        List<String> want = pass == 0 ? maxOut : flatOut;
        for (int start = 0; start < data.size(); start += batch) {
          int b = Math.min(batch, data.size() - start);
          float[] x = new float[b * data.height() * data.width() * data.channels()];
          data.batch(start, b, nchw ? org.fsneurons.models.data.Layout.NCHW : org.fsneurons.models.data.Layout.NHWC, x);
          long[] shape = nchw ? new long[] {b, data.channels(), data.height(), data.width()}
              : new long[] {b, data.height(), data.width(), data.channels()};
          Map<String, Tensor> out = r.run(Map.of(input, Tensor.ofFloats(x, shape)), want);
          for (int l = 0; l < relus.size(); l++) {
            if (pass == 0) {
              for (float v : out.get(maxOut.get(l)).floats()) {
                max[l] = Math.max(max[l], v);
              }
            } else if (max[l] > 0) {
              double scale = BINS / max[l];
              for (float v : out.get(flatOut.get(l)).floats()) {
                if (v > 0) {
                  hist[l][(int) Math.min(BINS - 1, v * scale)]++;
                }
              }
            }
          }
          progress.progress((long) pass * data.size() + start + b, (long) passes * data.size());
        }
      }
    }
    double denom = 1 - Math.pow(2, -k);
    for (int l = 0; l < relus.size(); l++) {
      double v = max[l];
      if (pct && max[l] > 0) {
        v = percentileOf(hist[l], percentile, max[l]);
      }
      String how = pct ? percentile + "th percentile of positive inputs" : "maximum input";
      double alpha = v > 0 ? v / denom : 1.0;
      CoefficientSet base = CoefficientSets.relu(alpha, k);
      Map<String, Object> prov = new LinkedHashMap<>();
      prov.put("layer", relus.get(l).name());
      prov.put("calibration", how + " over " + data.name() + " = " + (float) v);
      sets.put(relus.get(l).name(), base.withParams(base.name(), base.params(), prov));
      if (report != null) {
        report.add(new LayerCalibration(relus.get(l).name(), max[l], v, alpha));
      }
    }
    return sets;
  }

  private static double percentileOf(long[] hist, double percentile, double max) {
    long total = 0;
    for (long h : hist) {
      total += h;
    }
    long target = (long) Math.ceil(percentile / 100.0 * total);
    long seen = 0;
    for (int i = 0; i < hist.length; i++) {
      seen += hist[i];
      if (seen >= target) {
        return (i + 1) * max / hist.length;
      }
    }
    return max;
  }
}
