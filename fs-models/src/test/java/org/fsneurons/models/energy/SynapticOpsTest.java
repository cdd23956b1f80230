package org.fsneurons.models.energy;

import static org.fsneurons.models.testutil.TinyModels.floats;
import static org.fsneurons.models.testutil.TinyModels.model;
import static org.fsneurons.models.testutil.TinyModels.node;
import static org.fsneurons.models.testutil.TinyModels.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import java.util.List;
import java.util.Map;
import org.fsneurons.models.convert.Conversion;
import org.fsneurons.models.convert.ConversionOptions;
import org.fsneurons.models.convert.Converter;
import org.fsneurons.models.instrument.LayerStats;
import org.fsneurons.models.ort.SessionConfig;
import org.junit.jupiter.api.Test;

/** Synaptic operations of a network small enough to count by hand. */
class SynapticOpsTest {
  static AttributeProto ints(String name, long... v) {
    AttributeProto.Builder b =
        AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
    for (long x : v) {
      b.addInts(x);
    }
    return b.build();
  }

  /**
   * x[N,1,4,4] → Conv1 (2 filters 3x3, pad 1) [N,2,4,4] → ReLU → Conv2 (3 filters 3x3 over 2
   * channels, pad 1, stride 2) [N,3,2,2] → ReLU → Flatten [N,12] → Gemm (12→5) [N,5].
   */
  static ModelProto net() {
    GraphProto g =
        GraphProto.newBuilder()
            .setName("hand")
            .addInput(value("x", -1, 1, 4, 4))
            .addInitializer(floats("w1", new float[2 * 9], 2, 1, 3, 3))
            .addInitializer(floats("w2", new float[3 * 2 * 9], 3, 2, 3, 3))
            .addInitializer(floats("w3", new float[12 * 5], 12, 5))
            .addInitializer(floats("b3", new float[5], 5))
            .addNode(
                node(
                    "Conv",
                    "conv1",
                    List.of("x", "w1"),
                    List.of("c1"),
                    ints("pads", 1, 1, 1, 1),
                    ints("kernel_shape", 3, 3)))
            .addNode(node("Relu", "relu1", List.of("c1"), List.of("r1")))
            .addNode(
                node(
                    "Conv",
                    "conv2",
                    List.of("r1", "w2"),
                    List.of("c2"),
                    ints("pads", 1, 1, 1, 1),
                    ints("strides", 2, 2),
                    ints("kernel_shape", 3, 3)))
            .addNode(node("Relu", "relu2", List.of("c2"), List.of("r2")))
            .addNode(node("Flatten", "flat", List.of("r2"), List.of("f")))
            .addNode(node("Gemm", "fc", List.of("f", "w3", "b3"), List.of("y")))
            .addOutput(value("y", -1, 5))
            .build();
    return model(g, 13, 8);
  }

  @Test
  void fanOutsAndMacsAreCountedByHand() {
    Conversion conv = Converter.convert(net(), ConversionOptions.defaults(), "hand.onnx");
    assertEquals(2, conv.replaced().size());
    SynapticOps.Analysis a =
        SynapticOps.analyze(conv.model(), new long[] {1, 1, 4, 4}, SessionConfig.cpu(), "hand");
    // FS1 (2x4x4 = 32 elements) feeds Conv2: 3*2*2 outputs x 2*3*3 weights = 216 MACs → 216/32 =
    // 6.75 per element
    // FS2 (3x2x2 = 12 elements) feeds, through Flatten, the Gemm: 5 outputs x 12 = 60 MACs → 60/12
    // = 5 per element
    assertEquals(2, a.layers().size());
    assertEquals(32, a.layers().get(0).neurons());
    assertEquals(6.75, a.layers().get(0).fanout(), 1e-12);
    assertEquals(216, a.layers().get(0).macs(), 1e-9);
    assertEquals(12, a.layers().get(1).neurons());
    assertEquals(5.0, a.layers().get(1).fanout(), 1e-12);
    // the weighted layers fed by FS neurons: 216 + 60; all weighted layers add Conv1's 4*4*2 x 9 =
    // 288
    assertEquals(276, a.annMacs());
    assertEquals(564, a.allMacs());
    assertTrue(a.opaque().isEmpty(), a.opaque().toString());

    // 4 images with 40 and 6 spikes in total: 10 and 1.5 per image → synops 10*6.75 + 1.5*5 = 75
    // per image
    List<LayerStats> stats =
        List.of(
            new LayerStats(a.layers().get(0).layer(), 32, 4, 40, 0, 0),
            new LayerStats(a.layers().get(1).layer(), 12, 4, 6, 0, 0));
    SynopsReport r = SynopsReport.of(a, stats, EnergyModel.HOROWITZ_45NM);
    assertEquals(75.0, r.synops(), 1e-12);
    assertEquals(75.0 / 276, r.synopsPerMac(), 1e-15);
    assertEquals(75.0 * 0.9 / (276 * 4.6), r.energyRatio(), 1e-15);
    assertEquals(67.5, r.layers().get(0).synops(), 1e-12);
    assertEquals(7.5, r.layers().get(1).synops(), 1e-12);
    assertEquals(
        Map.of(
            "synops",
            75.0,
            "ann_macs",
            276.0,
            "synops_per_mac",
            r.synopsPerMac(),
            "energy_ratio",
            r.energyRatio()),
        r.metrics());
  }

  @Test
  void broadcastGatesAndPoolsPassSpikesOn() {
    // x[N,2,4,4] → ReLU(FS) → AveragePool 2x2 stride 2 [N,2,2,2] → Conv 1x1 (4 filters) [N,4,2,2]
    GraphProto g =
        GraphProto.newBuilder()
            .setName("pool")
            .addInput(value("x", -1, 2, 4, 4))
            .addInitializer(floats("w", new float[4 * 2], 4, 2, 1, 1))
            .addNode(node("Relu", "relu", List.of("x"), List.of("r")))
            .addNode(
                node(
                    "AveragePool",
                    "pool",
                    List.of("r"),
                    List.of("p"),
                    ints("kernel_shape", 2, 2),
                    ints("strides", 2, 2)))
            .addNode(
                node("Conv", "conv", List.of("p", "w"), List.of("y"), ints("kernel_shape", 1, 1)))
            .addOutput(value("y", -1, 4, 2, 2))
            .build();
    Conversion conv = Converter.convert(model(g, 13, 8), ConversionOptions.defaults(), "pool.onnx");
    SynapticOps.Analysis a =
        SynapticOps.analyze(conv.model(), new long[] {1, 2, 4, 4}, SessionConfig.cpu(), "p");
    // conv: 16 outputs x 2 = 32 MACs over 8 pooled elements → 4 per pooled element; each of the 32
    // FS elements is
    // in one window: 4 per FS element (8 * 4 * 4 / 32)
    assertEquals(4.0, a.layers().get(0).fanout(), 1e-12);
    assertEquals(32, a.annMacs());
  }
}
