package org.fsneurons.models.convert;

import static org.fsneurons.models.testutil.TinyModels.node;
import static org.fsneurons.models.testutil.TinyModels.scalar;
import static org.fsneurons.models.testutil.TinyModels.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.fsneurons.core.UserInputException;
import org.fsneurons.core.coeff.CoefficientSet;
import org.fsneurons.core.coeff.CoefficientSets;
import org.fsneurons.core.coeff.TargetFunction;
import org.fsneurons.core.neuron.FsNeuron;
import org.fsneurons.core.onnx.FsBody;
import org.fsneurons.core.onnx.FsOperator;
import org.fsneurons.models.instrument.FsStatsAccumulator;
import org.fsneurons.models.instrument.Instrumenter;
import org.fsneurons.models.onnx.GraphEdits;
import org.fsneurons.models.onnx.OnnxModels;
import org.fsneurons.models.ort.OrtRunner;
import org.fsneurons.models.ort.SessionConfig;
import org.fsneurons.models.ort.Tensor;
import org.fsneurons.models.testutil.TinyModels;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConverterTest {
  static final float C1 = 1.75f;
  static final float C2 = -0.5f;
  static final float C3 = 3.0f;

  /**
   * x → Mul(C1) → Relu → Add(C2) → Sigmoid → Mul(C3) → swish as Mul(Sigmoid(s), s) (operand order
   * reversed) → y; plus a parallel swish in the usual order on x and a Tanh (kept by default).
   */
  static ModelProto chain(int opset, long ir) {
    GraphProto g =
        GraphProto.newBuilder()
            .setName("chain")
            .addInput(value("x", -1, 64))
            .addInitializer(scalar("c1", C1))
            .addInitializer(scalar("c2", C2))
            .addInitializer(scalar("c3", C3))
            .addNode(node("Mul", "scale1", List.of("x", "c1"), List.of("h1")))
            .addNode(node("Relu", "relu1", List.of("h1"), List.of("r1")))
            .addNode(node("Add", "shift", List.of("r1", "c2"), List.of("h2")))
            .addNode(node("Sigmoid", "sig1", List.of("h2"), List.of("s1")))
            .addNode(node("Mul", "scale3", List.of("s1", "c3"), List.of("h3")))
            .addNode(node("Sigmoid", "swish_gate", List.of("h3"), List.of("g3")))
            .addNode(node("Mul", "swish1", List.of("g3", "h3"), List.of("y")))
            .addNode(node("Sigmoid", "swish2_gate", List.of("x"), List.of("g4")))
            .addNode(node("Mul", "swish2", List.of("x", "g4"), List.of("y2")))
            .addNode(node("Tanh", "tanh1", List.of("x"), List.of("y3")))
            .addOutput(value("y", -1, 64))
            .addOutput(value("y2", -1, 64))
            .addOutput(value("y3", -1, 64))
            .addValueInfo(value("h1", -1, 64))
            .addValueInfo(value("r1", -1, 64))
            .build();
    return TinyModels.model(g, opset, ir);
  }

  @Test
  void findsEveryActivationKindAndPatternOrder() {
    List<Activation> acts = ActivationFinder.find(chain(13, 8).getGraph());
    assertEquals(
        List.of("relu1", "sig1", "swish1", "swish2", "tanh1"),
        acts.stream().map(Activation::name).toList());
    assertEquals(
        List.of(
            ActivationKind.RELU,
            ActivationKind.SIGMOID,
            ActivationKind.SWISH,
            ActivationKind.SWISH,
            ActivationKind.TANH),
        acts.stream().map(Activation::kind).toList());
    assertEquals("h3", acts.get(2).input());
    assertEquals("y", acts.get(2).output());
  }

  @ParameterizedTest
  @CsvSource({
    "13,8,dynamics",
    "13,8,table",
    "17,9,dynamics",
    "18,8,table",
    "7,3,dynamics",
    "7,3,table"
  })
  void convertedModelEqualsJavaReferenceOnActivationInputs(int opset, long ir, String body) {
    ModelProto m = chain(opset, ir);
    Conversion conv =
        Converter.convert(m, ConversionOptions.defaults().withBody(FsBody.parse(body)), "chain");
    assertEquals(4, conv.replaced().size());
    assertEquals(1, conv.kept().size());
    assertEquals("tanh1", conv.kept().get(0).name());
    assertEquals("no coefficient set mapped for Tanh", conv.kept().get(0).note());
    assertTrue(conv.model().getIrVersion() >= FsOperator.MIN_IR_VERSION);
    assertEquals("64", conv.replaced().get(0).shape().substring(2));

    CoefficientSet relu = CoefficientSets.bundled("relu");
    CoefficientSet sig = CoefficientSets.bundled("sigmoid");
    CoefficientSet swish = CoefficientSets.bundled("swish");
    int n = 4 * 64;
    float[] x = new float[n];
    SplittableRandom rng = new SplittableRandom(1);
    for (int i = 0; i < n; i++) {
      x[i] = (float) (rng.nextDouble(-12, 12));
    }
    x[0] = Float.NaN;
    x[1] = Float.POSITIVE_INFINITY;
    x[2] = Float.NEGATIVE_INFINITY;
    x[3] = 0f;
    try (OrtRunner r = OrtRunner.open(conv.model().toByteArray(), "chain", SessionConfig.cpu())) {
      Map<String, Tensor> out =
          r.run(Map.of("x", Tensor.ofFloats(x, 4, 64)), List.of("y", "y2", "y3"));
      float[] y = out.get("y").floats();
      float[] y2 = out.get("y2").floats();
      for (int i = 0; i < n; i++) {
        float h1 = x[i] * C1;
        float r1 = FsNeuron.output(relu.params(), h1);
        float s1 = FsNeuron.output(sig.params(), r1 + C2);
        float h3 = s1 * C3;
        float want = FsNeuron.output(swish.params(), h3);
        assertEquals(want, y[i], 0f, "y at " + i + " x=" + x[i]);
        assertEquals(FsNeuron.output(swish.params(), x[i]), y2[i], 0f, "y2 at " + i + " x=" + x[i]);
      }
      float[] y3 = out.get("y3").floats();
      assertEquals((float) Math.tanh(x[5]), y3[5], 1e-6f);
    }
  }

  @Test
  void mappingKeepAndPatternsSelectLayers() {
    var opts = ConversionOptions.defaults();
    var mapping = new EnumMap<>(opts.mapping());
    mapping.put(ActivationKind.SIGMOID, Optional.empty());
    Conversion c =
        Converter.convert(
            chain(13, 8),
            opts.withMapping(mapping)
                .withPatterns(List.of(), Converter.patterns(List.of("^swish2$"), "--exclude")),
            "chain");
    assertEquals(List.of("relu1", "swish1"), c.replaced().stream().map(LayerReport::name).toList());
    assertEquals(
        List.of("sig1", "swish2", "tanh1"), c.kept().stream().map(LayerReport::name).toList());
    assertEquals("mapped to keep", c.kept().get(0).note());
    assertEquals("matched an exclude pattern", c.kept().get(1).note());
  }

  @Test
  void badPatternIsAOneLineError() {
    var e =
        assertThrows(
            UserInputException.class, () -> Converter.patterns(List.of("(["), "--include"));
    assertTrue(
        e.getMessage().startsWith("--include: invalid regular expression '(['"), e.getMessage());
  }

  @Test
  void geluErfPatternIsFoundInPyTorchOrder() {
    // PyTorch: Div(x, 1.4142135) → Erf → Add(1) → Mul(x, ·) → Mul(·, 0.5)
    GraphProto g =
        GraphProto.newBuilder()
            .setName("gelu")
            .addInput(value("x", -1, 8))
            .addInitializer(scalar("sqrt2", 1.4142135f))
            .addInitializer(scalar("one", 1f))
            .addInitializer(scalar("half", 0.5f))
            .addNode(node("Div", "div", List.of("x", "sqrt2"), List.of("a")))
            .addNode(node("Erf", "erf", List.of("a"), List.of("b")))
            .addNode(node("Add", "add", List.of("b", "one"), List.of("c")))
            .addNode(node("Mul", "mul", List.of("x", "c"), List.of("d")))
            .addNode(node("Mul", "mul_half", List.of("d", "half"), List.of("y")))
            .addOutput(value("y", -1, 8))
            .build();
    List<Activation> acts = ActivationFinder.find(g);
    assertEquals(1, acts.size());
    assertEquals(ActivationKind.GELU, acts.get(0).kind());
    assertEquals("x", acts.get(0).input());
    assertEquals("y", acts.get(0).output());
    assertEquals(5, acts.get(0).nodeIndices().size());
  }

  @ParameterizedTest
  @CsvSource({"op,20", "erf,13"})
  void geluIsConvertedWithTheFittedGeluSet(String form, int opset) {
    GraphProto.Builder g = GraphProto.newBuilder().setName("gelu").addInput(value("x", -1, 8));
    if (form.equals("op")) {
      g.addNode(node("Gelu", "gelu", List.of("x"), List.of("y")));
    } else {
      g.addInitializer(scalar("sqrt2", 1.4142135f))
          .addInitializer(scalar("one", 1f))
          .addInitializer(scalar("half", 0.5f))
          .addNode(node("Div", "div", List.of("x", "sqrt2"), List.of("a")))
          .addNode(node("Erf", "erf", List.of("a"), List.of("b")))
          .addNode(node("Add", "add", List.of("b", "one"), List.of("c")))
          .addNode(node("Mul", "mul", List.of("x", "c"), List.of("d")))
          .addNode(node("Mul", "gelu", List.of("d", "half"), List.of("y")));
    }
    ModelProto m = TinyModels.model(g.addOutput(value("y", -1, 8)).build(), opset, 9);
    // default mapping keeps Gelu; --map Gelu=gelu converts it with the bundled fitted set (fs-fit,
    // issue 6)
    assertEquals(0, Converter.convert(m, ConversionOptions.defaults(), "gelu").replaced().size());
    var mapping = ConversionOptions.mapping(List.of("Gelu=gelu"), "--map");
    Conversion c = Converter.convert(m, ConversionOptions.defaults().withMapping(mapping), "gelu");
    assertEquals(1, c.replaced().size());
    assertEquals("gelu", c.replaced().get(0).coefficientSet());
    assertEquals(1, c.model().getGraph().getNodeCount());
    CoefficientSet gelu = CoefficientSets.bundled("gelu");
    float[] x = new float[8 * 64];
    SplittableRandom rng = new SplittableRandom(2);
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (2 * rng.nextGaussian());
    }
    try (OrtRunner r = OrtRunner.open(c.model().toByteArray(), "gelu", SessionConfig.cpu())) {
      float[] y = r.run(Map.of("x", Tensor.ofFloats(x, 64, 8)), List.of("y")).get("y").floats();
      double se = 0;
      for (int i = 0; i < x.length; i++) {
        assertEquals(FsNeuron.output(gelu.params(), x[i]), y[i], 0f);
        double t = TargetFunction.GELU.apply(x[i]);
        se += (y[i] - t) * (y[i] - t);
      }
      // the bundled set was fitted to N(0, 2^2) with mse 3.72e-4 (its provenance); 512 samples
      // scatter around that
      assertTrue(se / x.length < 2e-3, "mse " + se / x.length);
    }
  }

  @Test
  void instrumentationAddsReadOutsWithoutChangingOutputs() {
    Conversion conv = Converter.convert(chain(13, 8), ConversionOptions.defaults(), "chain");
    var ins = Instrumenter.instrument(conv.model());
    assertEquals(4, ins.probes().size());
    float[] x = new float[3 * 64];
    SplittableRandom rng = new SplittableRandom(3);
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rng.nextDouble(-6, 6);
    }
    try (OrtRunner plain = OrtRunner.open(conv.model().toByteArray(), "fs", SessionConfig.cpu());
        OrtRunner probed =
            OrtRunner.open(ins.model().toByteArray(), "fs+probes", SessionConfig.cpu())) {
      var a = plain.run(Map.of("x", Tensor.ofFloats(x, 3, 64)), List.of("y", "y2"));
      var acc = new FsStatsAccumulator(ins.probes());
      List<String> want = new ArrayList<>(List.of("y", "y2"));
      want.addAll(acc.outputNames());
      var b = probed.run(Map.of("x", Tensor.ofFloats(x, 3, 64)), want);
      Assertions.assertArrayEquals(a.get("y").floats(), b.get("y").floats());
      Assertions.assertArrayEquals(a.get("y2").floats(), b.get("y2").floats());
      acc.add(b, 3);
      assertEquals(4 * 64, acc.totalNeurons());
      // the swish2 layer reads x itself: its spikes and input statistics can be checked against the
      // reference
      CoefficientSet swish = CoefficientSets.bundled("swish");
      long spikes = FsNeuron.run(swish.params(), x).totalSpikes();
      var layer =
          acc.layers().stream().filter(l -> l.layer().equals("swish2")).findFirst().orElseThrow();
      assertEquals(spikes, layer.spikes());
      double mean = 0;
      for (int img = 0; img < 3; img++) {
        double m = 0;
        for (int j = 0; j < 64; j++) {
          m += x[img * 64 + j];
        }
        mean += m / 64 / 3;
      }
      assertEquals(mean, layer.meanOfInputMeans(), 1e-5);
    }
  }

  @Test
  void convertedModelPassesTheOnnxCheckerInFullMode() throws Exception {
    Path py = Path.of(System.getProperty("user.dir")).getParent().resolve(".venv/bin/python");
    Assumptions.assumeTrue(
        Files.isExecutable(py), "no project Python environment (scripts/install-python-env.sh)");
    for (String body : List.of("dynamics", "table")) {
      Conversion conv =
          Converter.convert(
              chain(13, 8), ConversionOptions.defaults().withBody(FsBody.parse(body)), "chain");
      assertPassesFullOnnxCheck(py, conv.model(), "fs-chain");
    }
  }

  /**
   * Runs the ONNX checker in full mode with the project's Python ({@code py}) on {@code model},
   * written to a temporary file named from {@code prefix}.
   */
  static void assertPassesFullOnnxCheck(Path py, ModelProto model, String prefix) throws Exception {
    Path f = Files.createTempFile(prefix, ".onnx");
    Files.write(f, model.toByteArray());
    Process p =
        new ProcessBuilder(
                py.toString(),
                "-c",
                "import onnx,sys; onnx.checker.check_model(onnx.load(sys.argv[1]), full_check=True); print('ok')",
                f.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), out);
    assertEquals("ok", out.strip());
    Files.delete(f);
  }

  @Test
  void oldIr3Opset6ModelsComeOutAtOpset7AndOnnxRuntimeRunsThem() throws Exception {
    // as PyTorch exported in 2018: IR version 3, opset 6; ONNX Runtime has no opset-6 kernels
    // (Greater-1, Mul-6),
    // so the converter raises the model to opset 7 (OpsetUpgrade) and writes the FS bodies there
    GraphProto g =
        GraphProto.newBuilder()
            .setName("old")
            .addInput(value("x", 2, 8))
            .addNode(node("Relu", "relu", List.of("x"), List.of("r")))
            .addNode(node("Sigmoid", "gate", List.of("r"), List.of("s")))
            .addNode(node("Mul", "swish", List.of("r", "s"), List.of("w")))
            .addNode(node("Sigmoid", "sig", List.of("w"), List.of("y")))
            .addOutput(value("y", 2, 8))
            .build();
    CoefficientSet relu = CoefficientSets.bundled("relu");
    CoefficientSet sig = CoefficientSets.bundled("sigmoid");
    CoefficientSet swish = CoefficientSets.bundled("swish");
    float[] x = new float[16];
    SplittableRandom rng = new SplittableRandom(4);
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rng.nextDouble(-8, 8);
    }
    Path py = Path.of(System.getProperty("user.dir")).getParent().resolve(".venv/bin/python");
    for (String body : List.of("dynamics", "table")) {
      Conversion conv =
          Converter.convert(
              TinyModels.model(g, 6, 3),
              ConversionOptions.defaults().withBody(FsBody.parse(body)),
              "old");
      assertEquals(3, conv.replaced().size());
      assertEquals(FsOperator.MIN_IR_VERSION, conv.model().getIrVersion());
      assertEquals(7, OnnxModels.defaultOpset(conv.model()));
      conv.model()
          .getFunctionsList()
          .forEach(f -> assertEquals(7, f.getOpsetImport(0).getVersion()));
      try (OrtRunner r = OrtRunner.open(conv.model().toByteArray(), "old", SessionConfig.cpu())) {
        float[] y = r.run(Map.of("x", Tensor.ofFloats(x, 2, 8)), List.of("y")).get("y").floats();
        for (int i = 0; i < x.length; i++) {
          float want =
              FsNeuron.output(
                  sig.params(),
                  FsNeuron.output(swish.params(), FsNeuron.output(relu.params(), x[i])));
          assertTrue(Float.isFinite(y[i]), body + " y at " + i);
          assertEquals(want, y[i], 0f, body + " y at " + i + " x=" + x[i]);
        }
      }
      if (!Files.isExecutable(py)) {
        continue; // the full ONNX check needs the project's Python environment
        // (scripts/install-python-env.sh)
      }
      assertPassesFullOnnxCheck(py, conv.model(), "fs-old");
    }
  }

  @Test
  void anOpset6NodeThatChangesMeaningAtOpset7IsRefusedInOneLine() {
    // a Caffe2-style bias: B [8] aligned with axis 1 of A [2, 8, 3]; opset 7 would align it with
    // the last axis
    GraphProto g =
        GraphProto.newBuilder()
            .setName("old")
            .addInput(value("x", 2, 8, 3))
            .addInitializer(TinyModels.floats("b", new float[8], 8))
            .addNode(
                node(
                    "Add",
                    "bias",
                    List.of("x", "b"),
                    List.of("h"),
                    GraphEdits.intAttr("broadcast", 1),
                    GraphEdits.intAttr("axis", 1)))
            .addNode(node("Relu", "relu", List.of("h"), List.of("y")))
            .addOutput(value("y", 2, 8, 3))
            .build();
    var e =
        assertThrows(
            UserInputException.class,
            () ->
                Converter.convert(
                    TinyModels.model(g, 6, 3), ConversionOptions.defaults(), "old.onnx"));
    assertEquals(
        "old.onnx: node 'bias' (#0) Add cannot be raised from opset 6 to 7 (the oldest ONNX Runtime runs): "
            + "broadcast=1 with axis=1 aligns 'b' [8] with axis 1 of 'x' [2, 8, 3], but opset 7 aligns it with the "
            + "trailing axes (2); export the model with opset 7 or later",
        e.getMessage());
  }
}
