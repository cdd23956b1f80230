package org.fsneurons.core.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Emits the default-domain nodes of an FS function body for a given opset version, hiding the
 * differences between opsets 6 to 21+ that the FS bodies meet: legacy broadcasting (opset &lt; 7
 * needs {@code broadcast=1} when the second operand is a scalar) and Clip's bounds (attributes
 * before opset 11, inputs from 11). Constants are {@code Constant} nodes with a {@code value}
 * tensor attribute, valid in every opset; before opset 9 Constant holds only float types, so
 * integer constants are written as floats and cast.
 */
final class BodyBuilder {
  private final int opset;
  private final List<NodeProto> nodes = new ArrayList<>();
  private int counter;

  BodyBuilder(int opset) {
    this.opset = opset;
  }

  int opset() {
    return opset;
  }

  List<NodeProto> nodes() {
    return List.copyOf(nodes);
  }

  private String fresh(String hint) {
    return hint + "_" + (counter++);
  }

  private NodeProto.Builder node(String op, String out, String... inputs) {
    NodeProto.Builder n =
        NodeProto.newBuilder().setOpType(op).setName(out + "_node").addOutput(out);
    for (String in : inputs) {
      n.addInput(in);
    }
    return n;
  }

  private String add(NodeProto.Builder n) {
    nodes.add(n.build());
    return n.getOutput(0);
  }

  // ---- constants ----

  String scalar(String hint, float v) {
    TensorProto t =
        TensorProto.newBuilder()
            .setDataType(TensorProto.DataType.FLOAT_VALUE)
            .addFloatData(v)
            .build();
    return constant(hint, t);
  }

  String scalar(String hint, long v) {
    if (opset
        < 9) { // Constant-1 holds float types only: write a float and cast (exact for |v| < 2^24)
      checkExact(v);
      return cast(scalar(hint + "_f", (float) v), TensorProto.DataType.INT64_VALUE, hint);
    }
    TensorProto t =
        TensorProto.newBuilder()
            .setDataType(TensorProto.DataType.INT64_VALUE)
            .addInt64Data(v)
            .build();
    return constant(hint, t);
  }

  String floats(String hint, float[] v) {
    ByteBuffer bb = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : v) {
      bb.putFloat(f);
    }
    return constant(hint, raw(TensorProto.DataType.FLOAT_VALUE, v.length, bb));
  }

  String ints(String hint, int[] v) {
    if (opset
        < 9) { // Constant-1 holds float types only: write floats and cast (exact for |v| < 2^24)
      float[] f = new float[v.length];
      for (int i = 0; i < v.length; i++) {
        checkExact(v[i]);
        f[i] = v[i];
      }
      return cast(floats(hint + "_f", f), TensorProto.DataType.INT32_VALUE, hint);
    }
    ByteBuffer bb = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    for (int i : v) {
      bb.putInt(i);
    }
    return constant(hint, raw(TensorProto.DataType.INT32_VALUE, v.length, bb));
  }

  private static void checkExact(long v) {
    if (Math.abs(v) >= 1 << 24) {
      throw new IllegalArgumentException(
          "integer constant " + v + " is not exact in float32 (opset < 9)");
    }
  }

  private static TensorProto raw(int type, int n, ByteBuffer bb) {
    bb.flip();
    return TensorProto.newBuilder()
        .setDataType(type)
        .addDims(n)
        .setRawData(ByteString.copyFrom(bb))
        .build();
  }

  private String constant(String hint, TensorProto t) {
    String out = fresh(hint);
    return add(
        node("Constant", out)
            .addAttribute(
                AttributeProto.newBuilder()
                    .setName("value")
                    .setType(AttributeType.TENSOR)
                    .setT(t)));
  }

  // ---- operators ----

  /**
   * Elementwise binary op; {@code bScalar}: b is a scalar broadcast against a (needs broadcast=1
   * before opset 7).
   */
  String binary(String op, String a, String b, boolean bScalar, String hint) {
    NodeProto.Builder n = node(op, fresh(hint), a, b);
    if (bScalar && opset < 7) {
      n.addAttribute(intAttr("broadcast", 1));
    }
    return add(n);
  }

  String unary(String op, String a, String hint) {
    return add(node(op, fresh(hint), a));
  }

  String cast(String a, int to, String hint) {
    return add(node("Cast", fresh(hint), a).addAttribute(intAttr("to", to)));
  }

  String clip(String a, float min, float max, String hint) {
    if (opset < 11) {
      return add(
          node("Clip", fresh(hint), a)
              .addAttribute(
                  AttributeProto.newBuilder().setName("min").setType(AttributeType.FLOAT).setF(min))
              .addAttribute(
                  AttributeProto.newBuilder()
                      .setName("max")
                      .setType(AttributeType.FLOAT)
                      .setF(max)));
    }
    String lo = scalar(hint + "_min", min);
    String hi = scalar(hint + "_max", max);
    return add(node("Clip", fresh(hint), a, lo, hi));
  }

  /** Where(cond, a, b), opset 9 and later. */
  String where(String cond, String a, String b, String hint) {
    if (opset < 9) {
      throw new IllegalStateException("Where needs opset 9, found " + opset);
    }
    return add(node("Where", fresh(hint), cond, a, b));
  }

  /** Gather(data, indices) along axis 0. */
  String gather(String data, String indices, String hint) {
    return add(node("Gather", fresh(hint), data, indices).addAttribute(intAttr("axis", 0)));
  }

  /** Sum over all elements to a scalar (ReduceSum without axes, keepdims=0). */
  String reduceSumAll(String a, String out) {
    return add(node("ReduceSum", out, a).addAttribute(intAttr("keepdims", 0)));
  }

  /** Identity into a fixed output name. */
  String identity(String a, String out) {
    return add(node("Identity", out, a));
  }

  private static AttributeProto.Builder intAttr(String name, long v) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeType.INT).setI(v);
  }
}
