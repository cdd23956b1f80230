package org.fsneurons.models.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.FunctionProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.fsneurons.core.UserInputException;

/**
 * Raises a model's default-domain opset from 6 to {@value #TARGET}, the oldest ONNX Runtime runs,
 * when every node keeps its meaning there; otherwise refuses in one line naming the node and why.
 *
 * <p>What changed at opset 7 and what is done about it:
 *
 * <ul>
 *   <li>Add, Sub, Mul, Div, Pow, And, Or, Xor, Equal, Greater, Less: legacy broadcasting ({@code
 *       broadcast=1}, the second input aligned with the first from {@code axis}, else by suffix)
 *       became numpy broadcasting. The attributes are removed where numpy gives the same result: no
 *       broadcasting, suffix alignment, a one-element second input, or an {@code axis} equal to
 *       rank(A) − rank(B). Another axis is refused.
 *   <li>Gemm: {@code broadcast} removed (C broadcasts by suffix in both).
 *   <li>PRelu: the slope became unidirectionally broadcast. Kept where that reads it as before: one
 *       element, or a slope of rank ≥ 2 or against a rank ≤ 2 input; a per-channel slope [C] (C
 *       &gt; 1) against a rank ≥ 3 input would be aligned with the last axis instead of the
 *       channels and is refused.
 *   <li>BatchNormalization, Dropout: {@code is_test} removed; opset 7 infers test mode from one
 *       output (BatchNormalization) or always runs Dropout as the identity at inference. Kept where
 *       the mode is unchanged ({@code is_test=1}, or BatchNormalization in training mode with its
 *       five outputs); a training-mode node that opset 7 would run in test mode is refused.
 *   <li>RNN, GRU, LSTM: {@code output_sequence} removed (Y is an optional output in both).
 *   <li>Upsample: {@code height_scale}/{@code width_scale} become {@code scales=[1, 1, h, w]}; mode
 *       bilinear becomes linear.
 *   <li>{@code consumed_inputs} (a legacy in-place hint with no effect on values) is removed
 *       wherever it appears.
 * </ul>
 *
 * Every other operator of opset 6 has the same version at opset 7. Local functions and subgraphs
 * are raised alike.
 */
public final class OpsetUpgrade {
  /** The opset a model is raised to. */
  public static final int TARGET = 7;

  private static final Set<String> LEGACY_BROADCAST =
      Set.of("Add", "Sub", "Mul", "Div", "Pow", "And", "Or", "Xor", "Equal", "Greater", "Less");
  private static final Set<String> RECURRENT = Set.of("RNN", "GRU", "LSTM");

  private OpsetUpgrade() {}

  /**
   * The model at opset {@value #TARGET} if it imports default-domain opset 6, else the model
   * itself.
   *
   * @param where names the model file in messages
   * @throws UserInputException naming the node when a node would change its meaning at opset 7
   */
  public static ModelProto toOpset7(ModelProto model, String where) {
    if (OnnxModels.defaultOpset(model) != 6) {
      return model;
    }
    Map<String, long[]> shapes = new HashMap<>();
    ModelProto.Builder mb = model.toBuilder();
    mb.setGraph(graph(model.getGraph(), shapes, where, ""));
    for (int i = 0; i < mb.getFunctionsCount(); i++) {
      FunctionProto f = mb.getFunctions(i);
      if (f.getOpsetImportList().stream()
          .anyMatch(o -> OnnxModels.isDefaultDomain(o.getDomain()) && o.getVersion() < TARGET)) {
        FunctionProto.Builder fb = f.toBuilder().clearNode();
        String in = "function '" + f.getDomain() + "." + f.getName() + "', ";
        for (int j = 0; j < f.getNodeCount(); j++) {
          fb.addNode(node(f.getNode(j), j, new HashMap<>(), where, in));
        }
        fb.clearOpsetImport().addAllOpsetImport(raised(f.getOpsetImportList()));
        mb.setFunctions(i, fb);
      }
    }
    mb.clearOpsetImport().addAllOpsetImport(raised(model.getOpsetImportList()));
    return mb.build();
  }

  private static List<OperatorSetIdProto> raised(List<OperatorSetIdProto> imports) {
    return imports.stream()
        .map(
            o ->
                OnnxModels.isDefaultDomain(o.getDomain()) && o.getVersion() < TARGET
                    ? o.toBuilder().setVersion(TARGET).build()
                    : o)
        .toList();
  }

  /**
   * A graph with its nodes raised; {@code outer} holds the shapes known outside it (subgraphs see
   * them).
   */
  private static GraphProto graph(
      GraphProto g, Map<String, long[]> outer, String where, String in) {
    Map<String, long[]> shapes = new HashMap<>(outer);
    shapes.putAll(OnnxModels.shapes(g));
    for (TensorProto t : g.getInitializerList()) {
      shapes.put(t.getName(), dims(t));
    }
    for (NodeProto n : g.getNodeList()) {
      if (n.getOpType().equals("Constant") && n.getOutputCount() == 1) {
        n.getAttributeList().stream()
            .filter(a -> a.getName().equals("value") && a.hasT())
            .findFirst()
            .ifPresent(a -> shapes.put(n.getOutput(0), dims(a.getT())));
      }
    }
    GraphProto.Builder gb = g.toBuilder().clearNode();
    for (int i = 0; i < g.getNodeCount(); i++) {
      NodeProto n = g.getNode(i);
      gb.addNode(node(n, i, shapes, where, in));
      rank(n, shapes);
    }
    return gb.build();
  }

  /**
   * Records the rank (dims unknown, -1) of a node's first output where the model states no shape
   * for it and the operator keeps its first input's rank (elementwise, normalisation, convolution,
   * pooling), has a fixed one (Gemm, Flatten: 2) or one read from its inputs (MatMul of matrices,
   * Reshape to a stated shape); enough for the axis checks of models exported without value_info.
   */
  private static void rank(NodeProto n, Map<String, long[]> shapes) {
    if (n.getOutputCount() == 0
        || shapes.containsKey(n.getOutput(0))
        || !OnnxModels.isDefaultDomain(n.getDomain())) {
      return;
    }
    int rank =
        switch (n.getOpType()) {
          case "Gemm", "Flatten" -> 2;
          case "MatMul" -> {
            long[] a = shapes.get(n.getInput(0));
            long[] b = n.getInputCount() < 2 ? null : shapes.get(n.getInput(1));
            yield a == null || b == null || a.length < 2 || b.length < 2
                ? -1
                : Math.max(a.length, b.length);
          }
          case "Reshape" -> { // opset 5+: the new shape is the second input, a 1-D tensor of
            // rank-many values
            long[] s = n.getInputCount() < 2 ? null : shapes.get(n.getInput(1));
            yield s == null || s.length != 1 || s[0] < 0 ? -1 : (int) s[0];
          }
          case "Abs",
              "Add",
              "And",
              "AveragePool",
              "BatchNormalization",
              "Cast",
              "Ceil",
              "Clip",
              "Concat",
              "Conv",
              "ConvTranspose",
              "Div",
              "Dropout",
              "Elu",
              "Equal",
              "Exp",
              "Floor",
              "GlobalAveragePool",
              "GlobalLpPool",
              "GlobalMaxPool",
              "Greater",
              "HardSigmoid",
              "Identity",
              "InstanceNormalization",
              "LRN",
              "LeakyRelu",
              "Less",
              "Log",
              "LogSoftmax",
              "LpNormalization",
              "LpPool",
              "MaxPool",
              "Mul",
              "Neg",
              "Not",
              "Or",
              "PRelu",
              "Pad",
              "Pow",
              "Reciprocal",
              "Relu",
              "Selu",
              "Sigmoid",
              "Softmax",
              "Softplus",
              "Softsign",
              "Sqrt",
              "Sub",
              "Tanh",
              "Transpose",
              "Upsample",
              "Xor" -> {
            long[] in = n.getInputCount() == 0 ? null : shapes.get(n.getInput(0));
            yield in == null ? -1 : in.length;
          }
          default -> -1;
        };
    if (rank >= 0) {
      long[] dims = new long[rank];
      Arrays.fill(dims, -1);
      shapes.put(n.getOutput(0), dims);
    }
  }

  private static long[] dims(TensorProto t) {
    return t.getDimsList().stream().mapToLong(Long::longValue).toArray();
  }

  private static NodeProto node(
      NodeProto n, int index, Map<String, long[]> shapes, String where, String in) {
    NodeProto.Builder b = n.toBuilder();
    for (int i = 0; i < b.getAttributeCount(); i++) {
      AttributeProto a = b.getAttribute(i);
      if (a.getType() == AttributeProto.AttributeType.GRAPH) {
        b.setAttribute(
            i, a.toBuilder().setG(graph(a.getG(), shapes, where, in + subgraph(n, index, a))));
      } else if (a.getType() == AttributeProto.AttributeType.GRAPHS) {
        AttributeProto.Builder ab = a.toBuilder().clearGraphs();
        for (GraphProto sub : a.getGraphsList()) {
          ab.addGraphs(graph(sub, shapes, where, in + subgraph(n, index, a)));
        }
        b.setAttribute(i, ab);
      }
    }
    remove(b, "consumed_inputs");
    if (!OnnxModels.isDefaultDomain(n.getDomain())) {
      return b.build();
    }
    String op = n.getOpType();
    if (LEGACY_BROADCAST.contains(op)) {
      broadcast(n, index, shapes, where, in);
      remove(b, "broadcast");
      remove(b, "axis");
    } else if (op.equals("Gemm")) {
      remove(b, "broadcast");
    } else if (op.equals("PRelu")) {
      prelu(n, index, shapes, where, in);
    } else if (op.equals("BatchNormalization") || op.equals("Dropout")) {
      long isTest = intAttr(n, "is_test").orElse(0L);
      int outputs = (int) n.getOutputList().stream().filter(s -> !s.isEmpty()).count();
      boolean training = op.equals("BatchNormalization") && outputs > 1;
      if (isTest == 0 && !training) {
        throw refusal(
            where,
            in,
            n,
            index,
            "is_test="
                + isTest
                + " (training mode"
                + (op.equals("Dropout") ? ", random dropout" : ", Y from the batch's statistics")
                + ") and opset 7 has no such flag: it runs this node in test mode"
                + (op.equals("Dropout") ? " (identity)" : " (Y from the stored mean and variance)")
                + "; export the model in evaluation mode or with opset 7 or later");
      }
      remove(b, "is_test");
    } else if (RECURRENT.contains(op)) {
      remove(b, "output_sequence");
    } else if (op.equals("Upsample")) {
      upsample(b);
    }
    return b.build();
  }

  private static String subgraph(NodeProto n, int index, AttributeProto a) {
    return "subgraph '" + a.getName() + "' of " + nodeName(n, index) + ", ";
  }

  /** Refuses a legacy broadcast that numpy broadcasting would align differently. */
  private static void broadcast(
      NodeProto n, int index, Map<String, long[]> shapes, String where, String in) {
    Optional<Long> axis = intAttr(n, "axis");
    if (intAttr(n, "broadcast").orElse(0L) == 0 || axis.isEmpty() || n.getInputCount() < 2) {
      return; // same shapes, or suffix alignment: what numpy does
    }
    long[] a = shapes.get(n.getInput(0));
    long[] bShape = shapes.get(n.getInput(1));
    if (bShape != null && numel(bShape) == 1) {
      return;
    }
    if (a == null || bShape == null) {
      String unknown = a == null ? n.getInput(0) : n.getInput(1);
      throw refusal(
          where,
          in,
          n,
          index,
          "broadcast=1 with axis="
              + axis.get()
              + ", and the rank of '"
              + unknown
              + "' is not recorded in the model (no value_info), so whether opset 7's trailing alignment reads it the "
              + "same cannot be told; export the model with opset 7 or later");
    }
    long ax = axis.get() < 0 ? axis.get() + a.length : axis.get();
    if (ax != a.length - bShape.length) {
      throw refusal(
          where,
          in,
          n,
          index,
          "broadcast=1 with axis="
              + axis.get()
              + " aligns '"
              + n.getInput(1)
              + "' "
              + text(bShape)
              + " with axis "
              + ax
              + " of '"
              + n.getInput(0)
              + "' "
              + text(a)
              + ", but opset 7 aligns it with the trailing axes ("
              + (a.length - bShape.length)
              + "); export the model with opset 7 or later");
    }
  }

  /**
   * Refuses a per-channel slope that opset 7's unidirectional broadcasting would align with the
   * last axis.
   */
  private static void prelu(
      NodeProto n, int index, Map<String, long[]> shapes, String where, String in) {
    long[] slope = n.getInputCount() < 2 ? null : shapes.get(n.getInput(1));
    long[] x = shapes.get(n.getInput(0));
    if (slope != null && (numel(slope) == 1 || slope.length >= 2)) {
      return;
    }
    if (slope != null && x != null && (x.length <= 2 || Arrays.equals(slope, x))) {
      return;
    }
    if (slope == null || x == null) {
      String unknown = slope == null ? n.getInput(n.getInputCount() < 2 ? 0 : 1) : n.getInput(0);
      throw refusal(
          where,
          in,
          n,
          index,
          "the shape of '"
              + unknown
              + "' is not recorded in the model, so whether "
              + "opset 7 broadcasts the slope as opset 6 did cannot be told; export the model with opset 7 or later");
    }
    throw refusal(
        where,
        in,
        n,
        index,
        "the per-channel slope '"
            + n.getInput(1)
            + "' "
            + text(slope)
            + " against input "
            + text(x)
            + " would be aligned with the last axis at opset 7, not with the channels; "
            + "export the model with opset 7 or later (slope shape [C, 1, 1])");
  }

  private static void upsample(NodeProto.Builder b) {
    Optional<Float> h = floatAttr(b, "height_scale");
    Optional<Float> w = floatAttr(b, "width_scale");
    if (h.isEmpty() && w.isEmpty()) {
      return;
    }
    remove(b, "height_scale");
    remove(b, "width_scale");
    b.addAttribute(
        AttributeProto.newBuilder()
            .setName("scales")
            .setType(AttributeProto.AttributeType.FLOATS)
            .addFloats(1f)
            .addFloats(1f)
            .addFloats(h.orElse(1f))
            .addFloats(w.orElse(1f)));
    for (int i = 0; i < b.getAttributeCount(); i++) {
      AttributeProto a = b.getAttribute(i);
      if (a.getName().equals("mode") && a.getS().toStringUtf8().equals("bilinear")) {
        b.setAttribute(i, a.toBuilder().setS(ByteString.copyFromUtf8("linear")));
      }
    }
  }

  private static UserInputException refusal(
      String where, String in, NodeProto n, int index, String why) {
    return new UserInputException(
        where
            + ": "
            + in
            + nodeName(n, index)
            + " cannot be raised from opset 6 to "
            + TARGET
            + " (the oldest ONNX Runtime runs): "
            + why);
  }

  private static String nodeName(NodeProto n, int index) {
    return (n.getName().isEmpty()
            ? "node #" + index
            : "node '" + n.getName() + "' (#" + index + ")")
        + " "
        + n.getOpType();
  }

  private static long numel(long[] dims) {
    long p = 1;
    for (long d : dims) {
      p = d < 0 ? -1 : p * d;
      if (p < 0) {
        return -1;
      }
    }
    return p;
  }

  private static String text(long[] dims) {
    StringBuilder s = new StringBuilder("[");
    for (int i = 0; i < dims.length; i++) {
      s.append(i > 0 ? ", " : "").append(dims[i] < 0 ? "?" : Long.toString(dims[i]));
    }
    return s.append(']').toString();
  }

  private static Optional<Long> intAttr(NodeProto n, String name) {
    return n.getAttributeList().stream()
        .filter(a -> a.getName().equals(name))
        .findFirst()
        .map(AttributeProto::getI);
  }

  private static Optional<Float> floatAttr(NodeProto.Builder n, String name) {
    return n.getAttributeList().stream()
        .filter(a -> a.getName().equals(name))
        .findFirst()
        .map(AttributeProto::getF);
  }

  private static void remove(NodeProto.Builder b, String name) {
    for (int i = b.getAttributeCount() - 1; i >= 0; i--) {
      if (b.getAttribute(i).getName().equals(name)) {
        b.removeAttribute(i);
      }
    }
  }
}
