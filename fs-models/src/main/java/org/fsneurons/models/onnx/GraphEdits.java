package org.fsneurons.models.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.List;

/**
 * Small helpers for adding nodes and outputs to a graph (used by instrumentation and calibration).
 */
public final class GraphEdits {
  private GraphEdits() {}

  public static NodeProto node(
      String op, String name, List<String> in, List<String> out, AttributeProto... attrs) {
    NodeProto.Builder b =
        NodeProto.newBuilder().setOpType(op).setName(name).addAllInput(in).addAllOutput(out);
    for (AttributeProto a : attrs) {
      b.addAttribute(a);
    }
    return b.build();
  }

  public static AttributeProto ints(String name, long... v) {
    AttributeProto.Builder b =
        AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
    for (long x : v) {
      b.addInts(x);
    }
    return b.build();
  }

  public static AttributeProto intAttr(String name, long v) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.INT)
        .setI(v)
        .build();
  }

  /** A Constant node holding a 1-D int64 tensor. */
  public static NodeProto int64Constant(String name, String out, long... v) {
    TensorProto.Builder t =
        TensorProto.newBuilder()
            .setName(out)
            .setDataType(TensorProto.DataType.INT64_VALUE)
            .addDims(v.length);
    for (long x : v) {
      t.addInt64Data(x);
    }
    return NodeProto.newBuilder()
        .setOpType("Constant")
        .setName(name)
        .addOutput(out)
        .addAttribute(
            AttributeProto.newBuilder()
                .setName("value")
                .setType(AttributeProto.AttributeType.TENSOR)
                .setT(t))
        .build();
  }

  /**
   * Appends a reduction over axis 1 of a rank-2 tensor, written for the opset: ReduceMean/ReduceMax
   * take axes as an attribute before opset 18 and as an input from 18.
   */
  public static void reduceAxis1(
      GraphProto.Builder g, int opset, String op, String name, String in, String out) {
    if (opset >= 18) {
      String axes = name + "/axes";
      g.addNode(int64Constant(name + "/axes_const", axes, 1));
      g.addNode(node(op, name, List.of(in, axes), List.of(out), intAttr("keepdims", 1)));
    } else {
      g.addNode(node(op, name, List.of(in), List.of(out), ints("axes", 1), intAttr("keepdims", 1)));
    }
  }

  /** A graph output of the given element type and rank (-1 = unknown rank; dims left symbolic). */
  public static ValueInfoProto output(String name, int elemType, int rank) {
    TypeProto.Tensor.Builder tt = TypeProto.Tensor.newBuilder().setElemType(elemType);
    if (rank >= 0) {
      TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
      for (int i = 0; i < rank; i++) {
        s.addDim(TensorShapeProto.Dimension.newBuilder());
      }
      tt.setShape(s);
    }
    return ValueInfoProto.newBuilder()
        .setName(name)
        .setType(TypeProto.newBuilder().setTensorType(tt))
        .build();
  }
}
