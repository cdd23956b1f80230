package org.fsneurons.models.instrument;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fsneurons.core.onnx.FsOperator;
import org.fsneurons.models.convert.Conversion;
import org.fsneurons.models.convert.LayerReport;
import org.fsneurons.models.onnx.OnnxModels;
import org.fsneurons.models.ort.OrtRunner;
import org.fsneurons.models.ort.SessionConfig;
import org.fsneurons.models.ort.Tensor;

/**
 * Counts FS neurons: for every replaced activation, the elements of its tensor per image (batch
 * excluded). Shapes come from the model's value_info when every layer has a known shape; otherwise
 * one image of zeros is run through the instrumented model (symbolic dimensions set to 1).
 */
public final class NeuronCounter {
  private NeuronCounter() {}

  /** Neurons per replaced layer, in report order. */
  public static Map<String, Long> count(Conversion conv, SessionConfig cfg, String where) {
    Map<String, long[]> shapes = OnnxModels.shapes(conv.model().getGraph());
    Map<String, String> outputOf = new LinkedHashMap<>();
    conv.model()
        .getGraph()
        .getNodeList()
        .forEach(
            n -> {
              if (FsOperator.isNode(n)) {
                outputOf.put(n.getName(), n.getOutput(0));
              }
            });
    Map<String, Long> out = new LinkedHashMap<>();
    boolean complete = true;
    for (LayerReport l : conv.replaced()) {
      long[] s = shapes.get(outputOf.get(l.name()));
      long n = elementsPerImage(s);
      if (n < 0) {
        complete = false;
        break;
      }
      out.put(l.name(), n);
    }
    if (complete) {
      return out;
    }
    return countByRunning(conv.model(), cfg, where);
  }

  static long elementsPerImage(long[] s) {
    if (s == null || s.length == 0) {
      return -1;
    }
    long n = 1;
    for (int i = 1; i < s.length; i++) {
      if (s[i] < 0) {
        return -1;
      }
      n *= s[i];
    }
    return n;
  }

  private static Map<String, Long> countByRunning(
      ModelProto model, SessionConfig cfg, String where) {
    Instrumenter.Instrumented ins = Instrumenter.instrument(model);
    ValueInfoProto in = model.getGraph().getInput(0);
    List<TensorShapeProto.Dimension> dims = in.getType().getTensorType().getShape().getDimList();
    long[] shape = new long[dims.size()];
    long total = 1;
    for (int i = 0; i < shape.length; i++) {
      shape[i] = dims.get(i).hasDimValue() ? dims.get(i).getDimValue() : 1;
      total *= shape[i];
    }
    Map<String, Long> out = new LinkedHashMap<>();
    try (OrtRunner r = OrtRunner.open(ins.model(), where, cfg)) {
      List<String> want = ins.probes().stream().map(Instrumenter.Probe::shape).toList();
      Map<String, Tensor> res =
          r.run(Map.of(in.getName(), Tensor.ofFloats(new float[(int) total], shape)), want);
      for (Instrumenter.Probe p : ins.probes()) {
        out.put(p.layer(), res.get(p.shape()).longs()[1]);
      }
    }
    return out;
  }
}
