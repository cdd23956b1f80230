package org.fsneurons.models.convert;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.fsneurons.core.approx.ApproxStats;
import org.fsneurons.core.approx.Approximation;
import org.fsneurons.core.coeff.CoefficientSet;
import org.fsneurons.core.coeff.CoefficientSets;
import org.fsneurons.models.data.ImageDataset;
import org.fsneurons.models.data.InputLayout;
import org.fsneurons.models.data.Layout;
import org.fsneurons.models.onnx.GraphEdits;
import org.fsneurons.models.ort.OrtRunner;
import org.fsneurons.models.ort.SessionConfig;
import org.fsneurons.models.ort.Tensor;
import org.fsneurons.models.progress.ProgressListener;

/**
 * Data-aware choice of coefficient sets for activations that cannot be rescaled exactly (swish,
 * sigmoid, GELU, ...): records each layer's inputs on calibration images and picks, per layer, the
 * candidate set with the lowest MSE against the activation on exactly those inputs. Candidates are
 * the mapped set and every bundled set with the same target function (e.g. swish and swish_fit16).
 */
public final class SetSelector {
  /**
   * At most this many input values per layer are kept (taken from the first calibration images).
   */
  static final int MAX_SAMPLES = 200_000;

  private SetSelector() {}

  /** One layer's choice. */
  public record Choice(
      String layer,
      ActivationKind kind,
      double inputMean,
      double inputStd,
      String chosen,
      double chosenMse,
      Map<String, Double> mseBySet) {}

  public static Map<String, CoefficientSet> select(
      ModelProto ann,
      ConversionOptions options,
      ImageDataset data,
      int batch,
      Layout layout,
      SessionConfig cfg,
      String where,
      List<Choice> report,
      ProgressListener progress) {
    List<Activation> acts = new ArrayList<>();
    Map<String, List<CoefficientSet>> candidates = new LinkedHashMap<>();
    for (Activation a : ActivationFinder.find(ann.getGraph())) {
      if (a.kind() == ActivationKind.RELU) {
        continue;
      }
      Optional<CoefficientSet> mapped = options.mapping().get(a.kind());
      if (mapped == null || mapped.isEmpty()) {
        continue;
      }
      List<CoefficientSet> c = new ArrayList<>();
      c.add(mapped.get());
      for (String name : CoefficientSets.bundledNames()) {
        CoefficientSet s = CoefficientSets.bundled(name);
        if (s.target() == a.kind().target() && !s.name().equals(mapped.get().name())) {
          c.add(s);
        }
      }
      if (c.size() > 1) {
        acts.add(a);
        candidates.put(a.name(), c);
      }
    }
    Map<String, CoefficientSet> out = new LinkedHashMap<>();
    if (acts.isEmpty()) {
      return out;
    }
    GraphProto.Builder gb = ann.getGraph().toBuilder();
    List<String> names = new ArrayList<>();
    for (Activation a : acts) {
      String flat = a.name() + "/sel_flat";
      gb.addNode(
          GraphEdits.node(
              "Flatten",
              a.name() + "/sel_flatten",
              List.of(a.input()),
              List.of(flat),
              GraphEdits.intAttr("axis", 1)));
      gb.addOutput(GraphEdits.output(flat, TensorProto.DataType.FLOAT_VALUE, 2));
      names.add(flat);
    }
    ModelProto probe = ann.toBuilder().setGraph(gb.build()).build();
    float[][] samples = new float[acts.size()][];
    int[] filled = new int[acts.size()];
    double[] sum = new double[acts.size()];
    double[] sumSq = new double[acts.size()];
    long[] count = new long[acts.size()];
    try (OrtRunner r = OrtRunner.open(probe, where + " (set selection)", cfg)) {
      String input = r.inputNames().get(0);
      Layout order = InputLayout.choose(r.inputShape(input), data, layout, where);
      InputLayout.requireBatches(r.inputShape(input), data.size(), batch, where);
      for (int start = 0; start < data.size(); start += batch) {
        int b = Math.min(batch, data.size() - start);
        float[] x = new float[b * data.imageSize()];
        data.batch(start, b, order, x);
        Map<String, Tensor> res =
            r.run(Map.of(input, Tensor.ofFloats(x, data.batchShape(b, order))), names);
        for (int l = 0; l < acts.size(); l++) {
          float[] v = res.get(names.get(l)).floats();
          if (samples[l] == null) {
            samples[l] =
                new float
                    [(int) Math.min(MAX_SAMPLES, (long) v.length * ((data.size() + b - 1) / b))];
          }
          int take = Math.min(v.length, samples[l].length - filled[l]);
          System.arraycopy(v, 0, samples[l], filled[l], take);
          filled[l] += take;
          for (float f : v) {
            sum[l] += f;
            sumSq[l] += (double) f * f;
          }
          count[l] += v.length;
        }
        progress.progress(start + b, data.size());
      }
    }
    for (int l = 0; l < acts.size(); l++) {
      Activation a = acts.get(l);
      float[] xs = Arrays.copyOf(samples[l], filled[l]);
      Map<String, Double> mse = new LinkedHashMap<>();
      CoefficientSet best = null;
      double bestMse = Double.POSITIVE_INFINITY;
      for (CoefficientSet s : candidates.get(a.name())) {
        ApproxStats st = Approximation.measure(s.params(), a.kind().target()::apply, xs);
        mse.put(s.name(), st.mse());
        if (st.mse() < bestMse) {
          bestMse = st.mse();
          best = s;
        }
      }
      double mean = sum[l] / count[l];
      double std = Math.sqrt(Math.max(0, sumSq[l] / count[l] - mean * mean));
      Map<String, Object> prov = new LinkedHashMap<>();
      prov.put("layer", a.name());
      prov.put(
          "calibration",
          String.format(
              Locale.ROOT,
              "selected on %s: input mean %.4f std %.4f; mse %s",
              data.name(),
              mean,
              std,
              fmt(mse)));
      out.put(a.name(), best.withParams(best.name(), best.params(), prov));
      if (report != null) {
        report.add(new Choice(a.name(), a.kind(), mean, std, best.name(), bestMse, mse));
      }
    }
    return out;
  }

  private static String fmt(Map<String, Double> mse) {
    StringBuilder b = new StringBuilder();
    mse.forEach(
        (k, v) ->
            b.append(b.length() == 0 ? "" : ", ")
                .append(k)
                .append('=')
                .append(String.format(Locale.ROOT, "%.3g", v)));
    return b.toString();
  }
}
