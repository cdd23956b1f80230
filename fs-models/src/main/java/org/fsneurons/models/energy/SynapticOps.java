package org.fsneurons.models.energy;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.fsneurons.core.onnx.FsOperator;
import org.fsneurons.models.onnx.GraphEdits;
import org.fsneurons.models.ort.OrtRunner;
import org.fsneurons.models.ort.SessionConfig;
import org.fsneurons.models.ort.Tensor;

/**
 * The fan-out of every FS layer, from the graph: how many multiply-accumulates (MACs) of the next
 * weighted layers (Conv, MatMul, Gemm) read one of its output elements, on average. A spike of that
 * layer then costs that many synaptic operations (accumulates), so {@code synops = Σ_layers spikes
 * × fan-out} per image.
 *
 * <p>The fan-out is found by walking from each FS output through the ops between it and the
 * weighted layers: element-wise ops (also broadcasting: a [N,C,1,1] gate feeds every pixel), layout
 * ops (Reshape, Flatten, Transpose, Squeeze, Unsqueeze, Slice, Split, Pad), Concat, pooling windows
 * (each output reads kernel-area inputs) and global pools/reductions. A weighted layer with M MACs
 * reading an input of E elements adds M / E to those elements' fan-out (for a Conv:
 * out_channels/group·kernel area·output positions per input element; for MatMul/Gemm: the output
 * width). The total over elements is exact; a layer's per-element fan-out differs at padded
 * borders, so with only the layer's spike total the synops equal the exact count when spikes are
 * spread evenly (and at stride 1 with "same" padding the difference is the border). Ops outside
 * these classes end the walk (listed in {@link Analysis#opaque()}). Shapes come from running one
 * zero image through the model with {@code Shape} read-outs.
 */
public final class SynapticOps {
  private SynapticOps() {}

  /** Weighted op types whose MACs are counted. */
  static final Set<String> WEIGHTED = Set.of("Conv", "MatMul", "Gemm");

  /** One input element → one or more output elements at the same place (broadcast allowed). */
  static final Set<String> ELEMENTWISE =
      Set.of(
          "Add",
          "Sub",
          "Mul",
          "Div",
          "Relu",
          "Sigmoid",
          "Tanh",
          "LeakyRelu",
          "Clip",
          "BatchNormalization",
          "Dropout",
          "Identity",
          "Cast",
          "Neg",
          "Abs",
          "HardSigmoid",
          "HardSwish",
          "Erf",
          "Elu",
          "Selu",
          "Softplus",
          "PRelu",
          "Max",
          "Min",
          "Sum",
          "Mean",
          "Reshape",
          "Flatten",
          "Transpose",
          "Squeeze",
          "Unsqueeze",
          "Slice",
          "Split",
          "Pad",
          "Expand",
          "Tile",
          "DepthToSpace",
          "SpaceToDepth");

  /** Windows of kernel-area inputs per output. */
  static final Set<String> WINDOWED = Set.of("AveragePool", "MaxPool", "LpPool");

  /** Each input element goes into exactly one output element. */
  static final Set<String> ONE_TO_ONE =
      Set.of(
          "Concat",
          "GlobalAveragePool",
          "GlobalMaxPool",
          "GlobalLpPool",
          "ReduceMean",
          "ReduceSum",
          "ReduceMax",
          "ReduceMin",
          "ReduceL2");

  /**
   * One FS layer.
   *
   * @param layer the FS node's name (as in the per-layer statistics)
   * @param neurons output elements per image
   * @param fanout mean MACs of the next weighted layers per output element
   */
  public record LayerFanout(String layer, long neurons, double fanout) {
    /** The ANN's MACs that read this layer's output, per image. */
    public double macs() {
      return fanout * neurons;
    }
  }

  /**
   * @param layers per FS layer, in graph order
   * @param annMacs MACs per image of the weighted layers the FS layers feed (each counted once)
   * @param allMacs MACs per image of every weighted layer of the model
   * @param opaque op types where a walk stopped (their consumers are not counted)
   */
  public record Analysis(List<LayerFanout> layers, long annMacs, long allMacs, Set<String> opaque) {
    public Analysis {
      layers = List.copyOf(layers);
      opaque = Set.copyOf(opaque);
    }
  }

  /**
   * Analyses a converted model; {@code inputShape} is a batch-of-one input shape (e.g. [1, 1, 28,
   * 28]).
   */
  public static Analysis analyze(
      ModelProto model, long[] inputShape, SessionConfig cfg, String where) {
    GraphProto g = model.getGraph();
    Map<String, List<NodeProto>> consumers = new HashMap<>();
    Set<String> initializers = new HashSet<>();
    g.getInitializerList().forEach(t -> initializers.add(t.getName()));
    for (NodeProto n : g.getNodeList()) {
      for (String in : n.getInputList()) {
        if (!in.isEmpty()) {
          consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
        }
      }
    }
    Set<String> needed = new LinkedHashSet<>();
    for (NodeProto n : g.getNodeList()) {
      if (WEIGHTED.contains(n.getOpType())
          || ELEMENTWISE.contains(n.getOpType())
          || WINDOWED.contains(n.getOpType())
          || ONE_TO_ONE.contains(n.getOpType())
          || FsOperator.isNode(n)) {
        for (String t : n.getInputList()) {
          if (!t.isEmpty() && !initializers.contains(t)) {
            needed.add(t);
          }
        }
        for (String t : n.getOutputList()) {
          if (!t.isEmpty()) {
            needed.add(t);
          }
        }
      }
    }
    Map<String, long[]> shapes = probeShapes(model, needed, inputShape, cfg, where);
    for (TensorProto t : g.getInitializerList()) {
      shapes.put(t.getName(), t.getDimsList().stream().mapToLong(Long::longValue).toArray());
    }
    Walk w = new Walk(consumers, shapes, initializers);
    List<LayerFanout> layers = new ArrayList<>();
    for (NodeProto n : g.getNodeList()) {
      if (FsOperator.isNode(n)) {
        String y = n.getOutput(0);
        String layer = n.getName().isEmpty() ? y : n.getName();
        layers.add(new LayerFanout(layer, w.elements(y), w.fanout(y)));
      }
    }
    long all = 0;
    for (NodeProto n : g.getNodeList()) {
      if (WEIGHTED.contains(n.getOpType())) {
        all += w.macs(n);
      }
    }
    long reached = 0;
    for (NodeProto n : w.reachedWeighted) {
      reached += w.macs(n);
    }
    return new Analysis(layers, reached, all, w.opaque);
  }

  /** The recursive walk with memoised fan-outs. */
  private static final class Walk {
    final Map<String, List<NodeProto>> consumers;
    final Map<String, long[]> shapes;
    final Set<String> initializers;
    final Map<String, Double> memo = new HashMap<>();
    final Set<NodeProto> reachedWeighted = new LinkedHashSet<>();
    final Set<String> opaque = new TreeSet<>();

    Walk(
        Map<String, List<NodeProto>> consumers,
        Map<String, long[]> shapes,
        Set<String> initializers) {
      this.consumers = consumers;
      this.shapes = shapes;
      this.initializers = initializers;
    }

    long elements(String t) {
      long[] s = shapes.get(t);
      if (s == null) {
        throw new IllegalStateException("no shape for tensor " + t);
      }
      long n = 1;
      for (int i = 1; i < s.length; i++) {
        n *= s[i];
      }
      return n;
    }

    /** Mean MACs per element of tensor t (per image). Iterative over a topological post-order. */
    double fanout(String t) {
      Double m = memo.get(t);
      if (m != null) {
        return m;
      }
      // explicit stack: deep networks must not overflow the Java stack
      List<String> stack = new ArrayList<>();
      stack.add(t);
      while (!stack.isEmpty()) {
        String cur = stack.get(stack.size() - 1);
        if (memo.containsKey(cur)) {
          stack.remove(stack.size() - 1);
          continue;
        }
        List<String> pending = new ArrayList<>();
        for (NodeProto n : consumers.getOrDefault(cur, List.of())) {
          if (passesThrough(n)) {
            for (String o : n.getOutputList()) {
              if (!o.isEmpty() && !memo.containsKey(o)) {
                pending.add(o);
              }
            }
          }
        }
        if (!pending.isEmpty()) {
          stack.addAll(pending);
          continue;
        }
        memo.put(cur, direct(cur));
        stack.remove(stack.size() - 1);
      }
      return memo.get(t);
    }

    boolean passesThrough(NodeProto n) {
      String op = n.getOpType();
      return ELEMENTWISE.contains(op) || WINDOWED.contains(op) || ONE_TO_ONE.contains(op);
    }

    /** Fan-out of t given the fan-outs of all pass-through consumers' outputs (already in memo). */
    double direct(String t) {
      double e = elements(t);
      double f = 0;
      for (NodeProto n : consumers.getOrDefault(t, List.of())) {
        String op = n.getOpType();
        if (WEIGHTED.contains(op)) {
          reachedWeighted.add(n);
          f += macs(n) / e;
        } else if (ELEMENTWISE.contains(op)) {
          for (String o : n.getOutputList()) {
            if (!o.isEmpty()) {
              f += memo.get(o) * elements(o) / e;
            }
          }
        } else if (WINDOWED.contains(op)) {
          String o = n.getOutput(0);
          f += memo.get(o) * elements(o) * kernelArea(n) / e;
        } else if (ONE_TO_ONE.contains(op)) {
          f += memo.get(n.getOutput(0));
        } else if (!FsOperator.isNode(n)) {
          opaque.add(op);
        }
      }
      return f;
    }

    long macs(NodeProto n) {
      long out = elements(n.getOutput(0));
      switch (n.getOpType()) {
        case "Conv":
          {
            long[] w = shapes.get(n.getInput(1));
            long k = 1;
            for (int i = 1; i < w.length; i++) {
              k *= w[i];
            }
            return out * k;
          }
        case "MatMul":
          {
            long[] a = shapes.get(n.getInput(0));
            return out * a[a.length - 1];
          }
        case "Gemm":
          {
            long[] a = shapes.get(n.getInput(0));
            boolean transA =
                n.getAttributeList().stream()
                    .anyMatch(x -> x.getName().equals("transA") && x.getI() != 0);
            return out * (transA ? a[0] : a[1]);
          }
        default:
          throw new IllegalArgumentException("not a weighted op: " + n.getOpType());
      }
    }

    static long kernelArea(NodeProto n) {
      long k = 1;
      for (var a : n.getAttributeList()) {
        if (a.getName().equals("kernel_shape")) {
          for (long d : a.getIntsList()) {
            k *= d;
          }
        }
      }
      return k;
    }
  }

  /**
   * Shapes of the named tensors for one input of {@code inputShape}, read by {@code Shape} nodes.
   */
  static Map<String, long[]> probeShapes(
      ModelProto model, Set<String> names, long[] inputShape, SessionConfig cfg, String where) {
    GraphProto g = model.getGraph();
    GraphProto.Builder gb = g.toBuilder();
    Map<String, String> probe = new LinkedHashMap<>();
    int i = 0;
    for (String t : names) {
      String out = "fs_shape_probe_" + (i++);
      probe.put(t, out);
      gb.addNode(GraphEdits.node("Shape", out + "_node", List.of(t), List.of(out)));
      gb.addOutput(GraphEdits.output(out, TensorProto.DataType.INT64_VALUE, 1));
    }
    ModelProto m = model.toBuilder().setGraph(gb).build();
    long total = 1;
    for (long d : inputShape) {
      total *= d;
    }
    Map<String, long[]> out = new HashMap<>();
    try (OrtRunner r = OrtRunner.open(m, where + " (shapes)", cfg)) {
      String input = r.inputNames().get(0);
      Map<String, Tensor> res =
          r.run(
              Map.of(input, Tensor.ofFloats(new float[(int) total], inputShape)),
              List.copyOf(probe.values()));
      probe.forEach((t, o) -> out.put(t, res.get(o).longs()));
    }
    return out;
  }
}
