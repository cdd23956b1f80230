package org.fsneurons.models.convert;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.fsneurons.core.coeff.CoefficientSet;
import org.fsneurons.core.coeff.CoefficientSets;
import org.fsneurons.models.data.ImageDataset;
import org.fsneurons.models.data.InputLayout;
import org.fsneurons.models.data.Layout;
import org.fsneurons.models.onnx.GraphEdits;
import org.fsneurons.models.onnx.OnnxModels;
import org.fsneurons.models.ort.OrtRunner;
import org.fsneurons.models.ort.SessionConfig;
import org.fsneurons.models.ort.Tensor;
import org.fsneurons.models.progress.ProgressListener;

/**
 * Data-aware FS-ReLU: chooses alpha per ReLU layer from calibration images so that the layer's
 * largest input (or a percentile of its positive inputs) is the largest value the K-bit code
 * represents: alpha_l = v_l / (1 − 2^−K). Calibration data must not come from the test split (the
 * caller checks).
 */
public final class Calibrator {
  private static final int BINS = 1 << 16;

  private Calibrator() {}

  /** One layer's calibration. */
  public record LayerCalibration(String layer, double max, double value, double alpha) {}

  /**
   * Per-layer FS-ReLU sets for every Relu activation of {@code ann}: {@link #collect} then {@link
   * #reluSets(ReluInputs, OptionalDouble, int, List)}.
   *
   * @param percentile a percentile in (0, 100) of the layer's positive inputs, or empty for the
   *     maximum
   * @param k time steps of the FS-ReLU
   */
  public static Map<String, CoefficientSet> reluSets(
      ModelProto ann,
      ImageDataset data,
      int batch,
      Layout layout,
      OptionalDouble percentile,
      int k,
      SessionConfig cfg,
      String where,
      List<LayerCalibration> report,
      ProgressListener progress) {
    ReluInputs inputs =
        collect(ann, data, batch, layout, percentile.isPresent(), cfg, where, progress);
    return reluSets(inputs, percentile, k, report);
  }

  /**
   * The inputs of every Relu activation of {@code ann} over the calibration images, summarised once
   * so that sets for several statistics and K can be built from them without running the network
   * again.
   */
  public static final class ReluInputs {
    private final List<String> layers;
    private final double[] max;
    private final long[][] hist;
    private final String dataset;

    ReluInputs(List<String> layers, double[] max, long[][] hist, String dataset) {
      this.layers = layers;
      this.max = max;
      this.hist = hist;
      this.dataset = dataset;
    }

    /** Whether percentiles can be taken (histograms were collected). */
    public boolean hasHistograms() {
      return hist != null;
    }
  }

  /**
   * Runs {@code ann} over {@code data} and records each Relu layer's largest input and, if {@code
   * histograms}, a histogram of its positive inputs (a second pass), as needed for percentile
   * statistics.
   */
  public static ReluInputs collect(
      ModelProto ann,
      ImageDataset data,
      int batch,
      Layout layout,
      boolean histograms,
      SessionConfig cfg,
      String where,
      ProgressListener progress) {
    List<Activation> relus =
        ActivationFinder.find(ann.getGraph()).stream()
            .filter(a -> a.kind() == ActivationKind.RELU)
            .toList();
    List<String> names = relus.stream().map(Activation::name).toList();
    if (relus.isEmpty()) {
      return new ReluInputs(names, new double[0], histograms ? new long[0][] : null, data.name());
    }
    int opset = OnnxModels.defaultOpset(ann);
    GraphProto.Builder gb = ann.getGraph().toBuilder();
    List<String> maxOut = new ArrayList<>();
    List<String> flatOut = new ArrayList<>();
    for (Activation a : relus) {
      String p = a.name() + "/cal_";
      gb.addNode(
          GraphEdits.node(
              "Flatten",
              p + "flatten",
              List.of(a.input()),
              List.of(p + "flat"),
              GraphEdits.intAttr("axis", 1)));
      GraphEdits.reduceAxis1(gb, opset, "ReduceMax", p + "max", p + "flat", p + "max_out");
      gb.addOutput(GraphEdits.output(p + "max_out", TensorProto.DataType.FLOAT_VALUE, 2));
      maxOut.add(p + "max_out");
      if (histograms) {
        gb.addOutput(GraphEdits.output(p + "flat", TensorProto.DataType.FLOAT_VALUE, 2));
        flatOut.add(p + "flat");
      }
    }
    ModelProto probe = ann.toBuilder().setGraph(gb.build()).build();
    double[] max = new double[relus.size()];
    Arrays.fill(max, Double.NEGATIVE_INFINITY);
    long[][] hist = histograms ? new long[relus.size()][BINS] : null;
    try (OrtRunner r = OrtRunner.open(probe, where + " (calibration)", cfg)) {
      String input = r.inputNames().get(0);
      Layout order = InputLayout.choose(r.inputShape(input), data, layout, where);
      InputLayout.requireBatches(r.inputShape(input), data.size(), batch, where);
      int passes = histograms ? 2 : 1;
      for (int pass = 0; pass < passes; pass++) {
        List<String> want = pass == 0 ? maxOut : flatOut;
        for (int start = 0; start < data.size(); start += batch) {
          int b = Math.min(batch, data.size() - start);
          float[] x = new float[b * data.imageSize()];
          data.batch(start, b, order, x);
          Map<String, Tensor> out =
              r.run(Map.of(input, Tensor.ofFloats(x, data.batchShape(b, order))), want);
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
    return new ReluInputs(names, max, hist, data.name());
  }

  /**
   * Per-layer FS-ReLU sets from collected inputs; runs nothing.
   *
   * @param percentile a percentile in (0, 100) of the layer's positive inputs (needs {@link
   *     ReluInputs#hasHistograms()}), or empty for the maximum
   * @param k time steps of the FS-ReLU
   * @param report receives one {@link LayerCalibration} per layer, or null
   */
  public static Map<String, CoefficientSet> reluSets(
      ReluInputs inputs, OptionalDouble percentile, int k, List<LayerCalibration> report) {
    if (percentile.isPresent() && !inputs.hasHistograms()) {
      throw new IllegalArgumentException(
          "percentile " + percentile.getAsDouble() + " needs inputs collected with histograms");
    }
    Map<String, CoefficientSet> sets = new LinkedHashMap<>();
    double denom = 1 - Math.pow(2, -k);
    for (int l = 0; l < inputs.layers.size(); l++) {
      String layer = inputs.layers.get(l);
      double max = inputs.max[l];
      double v = max;
      if (percentile.isPresent() && max > 0) {
        v = percentileOf(inputs.hist[l], percentile.getAsDouble(), max);
      }
      String how =
          percentile.isPresent()
              ? percentile.getAsDouble() + "th percentile of positive inputs"
              : "maximum input";
      double alpha = v > 0 ? v / denom : 1.0;
      CoefficientSet base = CoefficientSets.relu(alpha, k);
      Map<String, Object> prov = new LinkedHashMap<>();
      prov.put("layer", layer);
      prov.put("calibration", how + " over " + inputs.dataset + " = " + (float) v);
      sets.put(layer, base.withParams(base.name(), base.params(), prov));
      if (report != null) {
        report.add(new LayerCalibration(layer, max, v, alpha));
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
