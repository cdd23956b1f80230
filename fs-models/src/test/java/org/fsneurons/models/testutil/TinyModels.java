package org.fsneurons.models.testutil;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.List;

/**
 * Tiny ONNX models built in code for tests (no binary fixtures): nodes, initializers, value infos
 * and the model around a graph (attributes: {@code GraphEdits.intAttr}). fs-models publishes this
 * package as its test-jar, so fs-experiments' tests build their models with it too.
 */
public final class TinyModels {
  private TinyModels() {}

  /** A node named {@code name}: {@code op(in) -> out} with the given attributes. */
  public static NodeProto node(
      String op, String name, List<String> in, List<String> out, AttributeProto... a) {
    NodeProto.Builder b =
        NodeProto.newBuilder().setOpType(op).setName(name).addAllInput(in).addAllOutput(out);
    for (AttributeProto x : a) {
      b.addAttribute(x);
    }
    return b.build();
  }

  public static TensorProto scalar(String name, float v) {
    return TensorProto.newBuilder()
        .setName(name)
        .setDataType(TensorProto.DataType.FLOAT_VALUE)
        .addFloatData(v)
        .build();
  }

  public static TensorProto floats(String name, float[] v, long... dims) {
    TensorProto.Builder b =
        TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE);
    for (long d : dims) {
      b.addDims(d);
    }
    for (float f : v) {
      b.addFloatData(f);
    }
    return b.build();
  }

  /** A float tensor value_info; a negative dim is the symbolic "N". */
  public static ValueInfoProto value(String name, long... dims) {
    return valueOfType(name, TensorProto.DataType.FLOAT_VALUE, dims);
  }

  /**
   * A tensor value_info of element type {@code elemType} (a {@code TensorProto.DataType} number,
   * e.g. {@code UINT8_VALUE}); a negative dim is the symbolic "N". (Not an overload of {@link
   * #value}: {@code value("x", -1, 28)} must keep meaning dims.)
   */
  public static ValueInfoProto valueOfType(String name, int elemType, long... dims) {
    TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
    for (long d : dims) {
      s.addDim(
          d < 0
              ? TensorShapeProto.Dimension.newBuilder().setDimParam("N")
              : TensorShapeProto.Dimension.newBuilder().setDimValue(d));
    }
    return ValueInfoProto.newBuilder()
        .setName(name)
        .setType(
            TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(elemType).setShape(s)))
        .build();
  }

  /**
   * The model around {@code g}: IR version {@code ir}, default-domain {@code opset}, producer
   * "test".
   */
  public static ModelProto model(GraphProto g, int opset, long ir) {
    return model("test", g, opset, ir);
  }

  /**
   * The model around {@code g} with the given producer name; an empty {@code producer} leaves the
   * (optional) field unset, as a model written without one.
   */
  public static ModelProto model(String producer, GraphProto g, int opset, long ir) {
    ModelProto.Builder m =
        ModelProto.newBuilder()
            .setIrVersion(ir)
            .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
            .setGraph(g);
    if (!producer.isEmpty()) {
      m.setProducerName(producer);
    }
    return m.build();
  }
}
