package org.fsneurons.models.convert;

import static org.fsneurons.models.testutil.TinyModels.node;
import static org.fsneurons.models.testutil.TinyModels.scalar;
import static org.fsneurons.models.testutil.TinyModels.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.fsneurons.core.approx.Approximation;
import org.fsneurons.core.coeff.CoefficientSets;
import org.fsneurons.core.coeff.TargetFunction;
import org.fsneurons.models.data.ImageSet;
import org.fsneurons.models.data.Normalization;
import org.fsneurons.models.ort.SessionConfig;
import org.fsneurons.models.progress.ProgressListener;
import org.fsneurons.models.testutil.TinyModels;
import org.junit.jupiter.api.Test;

class SetSelectorTest {
  @Test
  void picksTheSwishSetWithTheLowestErrorOnTheLayersOwnInputs() {
    // input [N,1,2,2] → Flatten → Mul(3) → swish (Mul(x, Sigmoid(x)))
    GraphProto g =
        GraphProto.newBuilder()
            .setName("sel")
            .addInput(value("input", -1, 1, 2, 2))
            .addInitializer(scalar("c", 3f))
            .addNode(
                node(
                    "Flatten",
                    "flat",
                    List.of("input"),
                    List.of("f"),
                    AttributeProto.newBuilder()
                        .setName("axis")
                        .setType(AttributeProto.AttributeType.INT)
                        .setI(1)
                        .build()))
            .addNode(node("Mul", "scale", List.of("f", "c"), List.of("x")))
            .addNode(node("Sigmoid", "gate", List.of("x"), List.of("s")))
            .addNode(node("Mul", "swish", List.of("x", "s"), List.of("y")))
            .addOutput(value("y", -1, 4))
            .build();
    ModelProto m = TinyModels.model(g, 13, 8);
    int n = 300;
    float[] px = new float[n * 4];
    SplittableRandom rng = new SplittableRandom(1);
    for (int i = 0; i < px.length; i++) {
      px[i] = (float) rng.nextDouble(-1, 1);
    }
    ImageSet data = new ImageSet("fixture", 2, 2, 1, px, new int[n], 10, Normalization.RAW);
    List<SetSelector.Choice> report = new ArrayList<>();
    var sets =
        SetSelector.select(
            m,
            ConversionOptions.defaults(),
            new CalibrationImages(
                data, 64, null, SessionConfig.cpu(), "sel", ProgressListener.NONE),
            report);
    assertEquals(1, sets.size());
    SetSelector.Choice c = report.get(0);
    assertEquals("swish", c.layer());
    // the layer's inputs are 3·px exactly: the reported statistics and MSEs are those of these
    // values
    float[] xs = new float[px.length];
    double mean = 0;
    for (int i = 0; i < px.length; i++) {
      xs[i] = px[i] * 3f;
      mean += xs[i];
    }
    mean /= xs.length;
    assertEquals(mean, c.inputMean(), 1e-6);
    double paper =
        Approximation.measure(
                CoefficientSets.bundled("swish").params(), TargetFunction.SWISH::apply, xs)
            .mse();
    double fitted =
        Approximation.measure(
                CoefficientSets.bundled("swish_fit16").params(), TargetFunction.SWISH::apply, xs)
            .mse();
    assertEquals(paper, c.mseBySet().get("swish"), 1e-12);
    assertEquals(fitted, c.mseBySet().get("swish_fit16"), 1e-12);
    assertEquals(paper <= fitted ? "swish" : "swish_fit16", c.chosen());
    assertEquals(c.chosen(), sets.get("swish").name());
    assertTrue(c.chosenMse() <= Math.min(paper, fitted));
  }
}
