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

/** Tiny ONNX models built in code for tests (no binary fixtures). */
public final class TinyModels {
  private TinyModels() {}

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
                .setTensorType(
                    TypeProto.Tensor.newBuilder()
                        .setElemType(TensorProto.DataType.FLOAT_VALUE)
                        .setShape(s)))
        .build();
  }

  public static ModelProto model(GraphProto g, int opset, long ir) {
    return ModelProto.newBuilder()
        .setIrVersion(ir)
        .setProducerName("test")
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
        .setGraph(g)
        .build();
  }
}
