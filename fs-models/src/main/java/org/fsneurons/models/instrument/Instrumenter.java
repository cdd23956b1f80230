package org.fsneurons.models.instrument;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.ArrayList;
import java.util.List;
import org.fsneurons.core.onnx.FsOperator;
import org.fsneurons.models.onnx.GraphEdits;
import org.fsneurons.models.onnx.OnnxModels;

/**
 * Adds read-outs to every FSNeuron node of a model: the spike total over the batch (the node's
 * second output), and per image the mean and variance of the node's input and its element count.
 * Output names are {@code <layer>/fs_spikes}, {@code <layer>/fs_in_mean} [N,1], {@code
 * <layer>/fs_in_var} [N,1] and {@code <layer>/fs_in_shape} (the flattened input's shape [N,
 * neurons]). Only outputs are added; the model computes exactly what it computed before.
 */
public final class Instrumenter {
  private Instrumenter() {}

  /** Names of the read-outs of one layer. */
  public record Probe(String layer, String spikes, String mean, String var, String shape) {}

  /** An instrumented model and its probes, in node order. */
  public record Instrumented(ModelProto model, List<Probe> probes) {
    public Instrumented {
      probes = List.copyOf(probes);
    }
  }

  /** Instruments every FSNeuron node. */
  public static Instrumented instrument(ModelProto model) {
    int opset = OnnxModels.defaultOpset(model);
    GraphProto g = model.getGraph();
    GraphProto.Builder gb = g.toBuilder().clearNode();
    List<Probe> probes = new ArrayList<>();
    for (NodeProto n : g.getNodeList()) {
      if (!FsOperator.isNode(n)) {
        gb.addNode(n);
        continue;
      }
      String layer = n.getName().isEmpty() ? n.getOutput(0) : n.getName();
      String p = layer + "/fs_";
      Probe probe = new Probe(layer, p + "spikes", p + "in_mean", p + "in_var", p + "in_shape");
      NodeProto.Builder nb = n.toBuilder();
      while (nb.getOutputCount() < 2) {
        nb.addOutput("");
      }
      nb.setOutput(1, probe.spikes());
      gb.addNode(nb.build());
      String x = n.getInput(0);
      String flat = p + "flat";
      gb.addNode(
          GraphEdits.node(
              "Flatten", p + "flatten", List.of(x), List.of(flat), GraphEdits.intAttr("axis", 1)));
      gb.addNode(GraphEdits.node("Shape", p + "shape", List.of(flat), List.of(probe.shape())));
      GraphEdits.reduceAxis1(gb, opset, "ReduceMean", p + "mean", flat, probe.mean());
      gb.addNode(
          GraphEdits.node(
              "Sub", p + "center", List.of(flat, probe.mean()), List.of(p + "centered")));
      gb.addNode(
          GraphEdits.node(
              "Mul", p + "square", List.of(p + "centered", p + "centered"), List.of(p + "sq")));
      GraphEdits.reduceAxis1(gb, opset, "ReduceMean", p + "var", p + "sq", probe.var());
      gb.addOutput(GraphEdits.output(probe.spikes(), TensorProto.DataType.INT64_VALUE, 0));
      gb.addOutput(GraphEdits.output(probe.mean(), TensorProto.DataType.FLOAT_VALUE, 2));
      gb.addOutput(GraphEdits.output(probe.var(), TensorProto.DataType.FLOAT_VALUE, 2));
      gb.addOutput(GraphEdits.output(probe.shape(), TensorProto.DataType.INT64_VALUE, 1));
      probes.add(probe);
    }
    return new Instrumented(model.toBuilder().setGraph(gb.build()).build(), probes);
  }
}
