package org.fsneurons.models.onnx;

import static org.fsneurons.models.onnx.GraphEdits.intAttr;
import static org.fsneurons.models.testutil.TinyModels.floats;
import static org.fsneurons.models.testutil.TinyModels.node;
import static org.fsneurons.models.testutil.TinyModels.scalar;
import static org.fsneurons.models.testutil.TinyModels.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import com.google.protobuf.ByteString;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.fsneurons.core.UserInputException;
import org.fsneurons.core.coeff.CoefficientSet;
import org.fsneurons.core.coeff.CoefficientSets;
import org.fsneurons.core.neuron.FsNeuron;
import org.fsneurons.core.onnx.FsBody;
import org.fsneurons.core.onnx.FsOperator;
import org.fsneurons.models.ort.OrtRunner;
import org.fsneurons.models.ort.SessionConfig;
import org.fsneurons.models.ort.Tensor;
import org.fsneurons.models.testutil.TinyModels;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

class OpsetUpgradeTest {
  static final float[] W = {
    0.5f, -1f, 2f, 0.25f, 1.5f, 0f, -0.5f, 1f, -2f, 0.75f, 1f, -1.25f
  }; // [3, 4]
  static final float[] C = {0.1f, -0.2f, 0.3f, -0.4f};
  static final float S = 0.5f;
  static final float[] M = {2f, -1f, 0.5f, 3f};
  static final float[] GAMMA = {1f, 2f, 0.5f, -1f};
  static final float[] BETA = {0f, 0.5f, -0.5f, 1f};
  static final float[] MEAN = {0.2f, -0.1f, 0f, 1f};
  static final float[] VAR = {1f, 4f, 0.25f, 2f};
  static final float EPS = 1e-5f;
  static final float[] SLOPE = {0.1f, 0.2f, 0.3f, 0.4f};

  /**
   * An opset-6 model with every legacy attribute that keeps its meaning at opset 7: Gemm
   * broadcast=1, Add of a scalar (broadcast=1), Mul with axis=1 = rank 2 − rank 1 (numpy's trailing
   * alignment), BatchNormalization is_test=1 with consumed_inputs, Dropout is_test=1, PRelu with a
   * [4] slope against a rank-2 input.
   */
  static ModelProto legacy() {
    GraphProto g =
        GraphProto.newBuilder()
            .setName("legacy")
            .addInput(value("x", 2, 3))
            .addInitializer(floats("w", W, 3, 4))
            .addInitializer(floats("c", C, 4))
            .addInitializer(scalar("s", S))
            .addInitializer(floats("m", M, 4))
            .addInitializer(floats("gamma", GAMMA, 4))
            .addInitializer(floats("beta", BETA, 4))
            .addInitializer(floats("mean", MEAN, 4))
            .addInitializer(floats("var", VAR, 4))
            .addInitializer(floats("slope", SLOPE, 4))
            .addNode(
                node("Gemm", "fc", List.of("x", "w", "c"), List.of("h1"), intAttr("broadcast", 1)))
            .addNode(
                node("Add", "shift", List.of("h1", "s"), List.of("h2"), intAttr("broadcast", 1)))
            .addNode(
                node(
                    "Mul",
                    "scale",
                    List.of("h2", "m"),
                    List.of("h3"),
                    intAttr("broadcast", 1),
                    intAttr("axis", 1)))
            .addNode(
                node(
                    "BatchNormalization",
                    "bn",
                    List.of("h3", "gamma", "beta", "mean", "var"),
                    List.of("h4"),
                    intAttr("is_test", 1),
                    GraphEdits.ints("consumed_inputs", 0, 0, 0, 1, 1),
                    AttributeProto.newBuilder()
                        .setName("epsilon")
                        .setType(AttributeProto.AttributeType.FLOAT)
                        .setF(EPS)
                        .build()))
            .addNode(node("Dropout", "drop", List.of("h4"), List.of("h5"), intAttr("is_test", 1)))
            .addNode(node("PRelu", "prelu", List.of("h5", "slope"), List.of("y")))
            .addValueInfo(value("h1", 2, 4))
            .addValueInfo(value("h2", 2, 4))
            .addOutput(value("y", 2, 4))
            .build();
    return TinyModels.model(g, 6, 3);
  }

  @Test
  void legacyAttributesThatKeepTheirMeaningAreRemovedAndOnnxRuntimeRunsTheModel() {
    ModelProto up = OpsetUpgrade.toOpset7(legacy(), "legacy.onnx");
    assertEquals(7, OnnxModels.defaultOpset(up));
    for (NodeProto n : up.getGraph().getNodeList()) {
      List<String> attrs = n.getAttributeList().stream().map(AttributeProto::getName).toList();
      assertEquals(
          n.getOpType().equals("BatchNormalization") ? List.of("epsilon") : List.of(),
          attrs,
          n.getName());
    }
    float[] x = new float[6];
    SplittableRandom rng = new SplittableRandom(1);
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rng.nextDouble(-3, 3);
    }
    try (OrtRunner r = OrtRunner.open(up, "legacy", SessionConfig.cpu())) {
      float[] y = r.run(Map.of("x", Tensor.ofFloats(x, 2, 3)), List.of("y")).get("y").floats();
      for (int i = 0; i < 2; i++) {
        for (int j = 0; j < 4; j++) {
          // the opset-6 meaning, written out: Y = prelu(bn((x W + c + s) * m))
          float h = C[j];
          for (int k = 0; k < 3; k++) {
            h += x[i * 3 + k] * W[k * 4 + j];
          }
          h = (h + S) * M[j];
          h = (float) ((h - MEAN[j]) / Math.sqrt(VAR[j] + EPS) * GAMMA[j] + BETA[j]);
          float want = h < 0 ? SLOPE[j] * h : h;
          assertEquals(want, y[i * 4 + j], 1e-5f, "y[" + i + "," + j + "]");
        }
      }
    }
  }

  @Test
  void fsFunctionBodiesWrittenAtOpset6AreRaisedAndRun() {
    CoefficientSet relu = CoefficientSets.bundled("relu");
    ModelProto m6 = FsOperator.singleNodeModel(relu, FsBody.DYNAMICS, new long[] {-1, 5}, false, 6);
    ModelProto up = OpsetUpgrade.toOpset7(m6, "fs6");
    up.getFunctionsList().forEach(f -> assertEquals(7, f.getOpsetImport(0).getVersion()));
    up.getFunctionsList()
        .forEach(
            f ->
                f.getNodeList()
                    .forEach(
                        n ->
                            n.getAttributeList()
                                .forEach(
                                    a ->
                                        assertEquals(
                                            false,
                                            a.getName().equals("broadcast"),
                                            n.getOpType()))));
    float[] x = {-1f, 0f, 0.3f, 2.5f, Float.NaN};
    try (OrtRunner r = OrtRunner.open(up, "fs6", SessionConfig.cpu())) {
      float[] y = r.run(Map.of("x", Tensor.ofFloats(x, 1, 5)), List.of("y")).get("y").floats();
      for (int i = 0; i < x.length; i++) {
        assertEquals(FsNeuron.output(relu.params(), x[i]), y[i], 0f, "x=" + x[i]);
      }
    }
  }

  @Test
  void opset7AndLaterIsLeftAlone() {
    ModelProto m = TinyModels.model(legacy().getGraph(), 13, 8);
    assertSame(m, OpsetUpgrade.toOpset7(m, "m"));
  }

  @Test
  void trainingModeBatchNormalizationWithItsFiveOutputsKeepsItsMeaning() {
    GraphProto g =
        GraphProto.newBuilder()
            .setName("bn")
            .addInput(value("x", 2, 4))
            .addNode(
                node(
                    "BatchNormalization",
                    "bn",
                    List.of("x", "g", "b", "m", "v"),
                    List.of("y", "rm", "rv", "sm", "sv"),
                    intAttr("is_test", 0)))
            .addOutput(value("y", 2, 4))
            .build();
    ModelProto up = OpsetUpgrade.toOpset7(TinyModels.model(g, 6, 3), "bn");
    assertEquals(0, up.getGraph().getNode(0).getAttributeCount());
  }

  @Test
  void upsampleScalesBecomeTheScalesAttribute() {
    GraphProto g =
        GraphProto.newBuilder()
            .setName("up")
            .addInput(value("x", 1, 1, 2, 2))
            .addNode(
                node(
                    "Upsample",
                    "up",
                    List.of("x"),
                    List.of("y"),
                    AttributeProto.newBuilder()
                        .setName("height_scale")
                        .setType(AttributeProto.AttributeType.FLOAT)
                        .setF(2f)
                        .build(),
                    AttributeProto.newBuilder()
                        .setName("width_scale")
                        .setType(AttributeProto.AttributeType.FLOAT)
                        .setF(3f)
                        .build(),
                    AttributeProto.newBuilder()
                        .setName("mode")
                        .setType(AttributeProto.AttributeType.STRING)
                        .setS(ByteString.copyFromUtf8("nearest"))
                        .build()))
            .addOutput(value("y", 1, 1, 4, 6))
            .build();
    ModelProto up = OpsetUpgrade.toOpset7(TinyModels.model(g, 6, 3), "up");
    NodeProto n = up.getGraph().getNode(0);
    assertEquals(
        List.of("mode", "scales"),
        n.getAttributeList().stream().map(AttributeProto::getName).toList());
    assertEquals(List.of(1f, 1f, 2f, 3f), n.getAttribute(1).getFloatsList());
    float[] x = {1, 2, 3, 4};
    try (OrtRunner r = OrtRunner.open(up, "up", SessionConfig.cpu())) {
      float[] y =
          r.run(Map.of("x", Tensor.ofFloats(x, 1, 1, 2, 2)), List.of("y")).get("y").floats();
      Assertions.assertArrayEquals(
          new float[] {1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 3, 3, 3, 4, 4, 4}, y);
    }
  }

  static ModelProto one(NodeProto n, GraphProto.Builder extra) {
    return TinyModels.model(
        extra.setName("one").addNode(n).addOutput(value(n.getOutput(0))).build(), 6, 3);
  }

  @Test
  void nodesThatWouldChangeMeaningAreRefusedWithTheNodeAndWhy() {
    String prefix = " cannot be raised from opset 6 to 7 (the oldest ONNX Runtime runs): ";
    var e =
        assertThrows(
            UserInputException.class,
            () ->
                OpsetUpgrade.toOpset7(
                    one(
                        node("Dropout", "", List.of("x"), List.of("y")),
                        GraphProto.newBuilder().addInput(value("x", 2, 4))),
                    "m.onnx"));
    assertEquals(
        "m.onnx: node #0 Dropout"
            + prefix
            + "is_test=0 (training mode, random dropout) and opset 7 has no "
            + "such flag: it runs this node in test mode (identity); export the model in evaluation mode or with opset 7 "
            + "or later",
        e.getMessage());
    e =
        assertThrows(
            UserInputException.class,
            () ->
                OpsetUpgrade.toOpset7(
                    one(
                        node(
                            "BatchNormalization",
                            "bn1",
                            List.of("x", "g", "b", "m", "v"),
                            List.of("y"),
                            intAttr("is_test", 0)),
                        GraphProto.newBuilder().addInput(value("x", 2, 4))),
                    "m.onnx"));
    assertEquals(
        "m.onnx: node 'bn1' (#0) BatchNormalization"
            + prefix
            + "is_test=0 (training mode, Y from the "
            + "batch's statistics) and opset 7 has no such flag: it runs this node in test mode (Y from the stored mean "
            + "and variance); export the model in evaluation mode or with opset 7 or later",
        e.getMessage());
    e =
        assertThrows(
            UserInputException.class,
            () ->
                OpsetUpgrade.toOpset7(
                    one(
                        node("PRelu", "p", List.of("x", "slope"), List.of("y")),
                        GraphProto.newBuilder()
                            .addInput(value("x", 1, 3, 2, 2))
                            .addInitializer(floats("slope", new float[3], 3))),
                    "m.onnx"));
    assertEquals(
        "m.onnx: node 'p' (#0) PRelu"
            + prefix
            + "the per-channel slope 'slope' [3] against input "
            + "[1, 3, 2, 2] would be aligned with the last axis at opset 7, not with the channels; export the model with "
            + "opset 7 or later (slope shape [C, 1, 1])",
        e.getMessage());
    e =
        assertThrows(
            UserInputException.class,
            () ->
                OpsetUpgrade.toOpset7(
                    one(
                        node(
                            "Sub",
                            "d",
                            List.of("h", "b"),
                            List.of("y"),
                            intAttr("broadcast", 1),
                            intAttr("axis", 1)),
                        GraphProto.newBuilder()
                            .addInput(GraphEdits.output("h", 1, -1))
                            .addInitializer(floats("b", new float[3], 3))),
                    "m.onnx"));
    assertEquals(
        "m.onnx: node 'd' (#0) Sub"
            + prefix
            + "broadcast=1 with axis=1, and the rank of 'h' is not "
            + "recorded in the model (no value_info), so whether opset 7's trailing alignment reads it the same cannot be "
            + "told; export the model with opset 7 or later",
        e.getMessage());
  }
}
