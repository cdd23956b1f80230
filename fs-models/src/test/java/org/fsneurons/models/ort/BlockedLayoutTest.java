package org.fsneurons.models.ort;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import com.google.protobuf.ByteString;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.fsneurons.core.UserInputException;
import org.fsneurons.core.coeff.CoefficientSets;
import org.fsneurons.core.onnx.FsBody;
import org.fsneurons.core.onnx.FsOperator;
import org.fsneurons.models.arch.Architectures;
import org.fsneurons.models.bench.ProfileTrace;
import org.fsneurons.models.convert.ConversionOptions;
import org.fsneurons.models.convert.Converter;
import org.fsneurons.models.nativekernel.NativeFsKernel;
import org.fsneurons.models.onnx.OnnxModels;
import org.fsneurons.models.testutil.TinyModels;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class BlockedLayoutTest {
  /**
   * x -> Conv -> FS -> Conv -> FS(spikes used) -> y, plus a Tanh so the placeholder must be another
   * op.
   */
  static ModelProto chain(boolean withTanh) {
    GraphProto.Builder g =
        GraphProto.newBuilder()
            .setName("chain")
            .addInput(TinyModels.value("x", 1, 16, 4, 4))
            .addOutput(TinyModels.value("y", 1, 16, 4, 4))
            .addInitializer(TinyModels.floats("w", new float[16 * 16], 16, 16, 1, 1));
    g.addNode(TinyModels.node("Conv", "conv1", List.of("x", "w"), List.of("a")));
    g.addNode(FsOperator.node("fs1", CoefficientSets.bundled("relu"), "a", "b", null));
    g.addNode(TinyModels.node("Conv", "conv2", List.of("b", "w"), List.of("c")));
    String last = "c";
    if (withTanh) {
      g.addNode(TinyModels.node("Tanh", "tanh", List.of("c"), List.of("t")));
      last = "t";
    }
    g.addNode(FsOperator.node("fs2", CoefficientSets.bundled("swish"), last, "y", "s"));
    g.addOutput(TinyModels.value("s"));
    return TinyModels.model(g.build(), 17, 10).toBuilder()
        .addOpsetImport(
            OnnxMl.OperatorSetIdProto.newBuilder()
                .setDomain(FsOperator.DOMAIN)
                .setVersion(FsOperator.DOMAIN_VERSION))
        .build();
  }

  @Test
  void planReplacesOnlyInnerFsNodesWithUnusedSpikes() {
    BlockedLayout.Planned p = BlockedLayout.plan(chain(false));
    BlockedLayout.Plan plan = p.plan().orElseThrow();
    assertEquals("Tanh", plan.placeholderOp());
    assertEquals(2, plan.fsNodes());
    assertEquals(Map.of(0, "fs1"), Map.of(0, plan.originals().get(0).getName()));
    assertEquals(1, plan.originals().size(), "fs2 writes the graph output and its spikes are used");
    List<NodeProto> nodes = plan.placeholders().getGraph().getNodeList();
    NodeProto ph = nodes.get(1);
    assertEquals("Tanh", ph.getOpType());
    assertEquals("fsneurons_blocked_0", ph.getName());
    assertEquals(List.of("fsneurons_blocked_0_in"), ph.getInputList());
    assertEquals(List.of("fsneurons_blocked_0_out"), ph.getOutputList());
    assertEquals(
        List.of("fsneurons_blocked_0_in"), nodes.get(0).getOutputList(), "producer renamed");
    assertEquals("fsneurons_blocked_0_out", nodes.get(2).getInput(0), "consumer renamed");
    assertEquals("fs2", nodes.get(3).getName(), "fs2 untouched");
  }

  @Test
  void planPicksAnOpTheModelDoesNotUse() {
    assertEquals("Sigmoid", BlockedLayout.plan(chain(true)).plan().orElseThrow().placeholderOp());
  }

  @Test
  void planSaysWhyNotWhenNothingIsEligible() {
    BlockedLayout.Planned p =
        BlockedLayout.plan(
            FsOperator.singleNodeModel(
                CoefficientSets.bundled("relu"), FsBody.DYNAMICS, new long[] {1, 3}, false, 13));
    assertTrue(p.plan().isEmpty());
    assertTrue(p.reason().startsWith("no FS node lies between two other nodes"), p.reason());
  }

  private static AttributeProto activation(String op) {
    return AttributeProto.newBuilder()
        .setName("activation")
        .setType(AttributeProto.AttributeType.STRING)
        .setS(ByteString.copyFromUtf8(op))
        .build();
  }

  @Test
  void restoreUnfusesAndRenames() {
    ModelProto fs = chain(true);
    BlockedLayout.Plan plan = BlockedLayout.plan(fs).plan().orElseThrow();
    // What ORT's NCHWc transformer makes of conv1 -> placeholder: one blocked Conv with the
    // placeholder fused.
    GraphProto.Builder g = plan.placeholders().getGraph().toBuilder().clearNode();
    g.addNode(
        NodeProto.newBuilder()
            .setOpType("Conv")
            .setDomain("com.microsoft.nchwc")
            .setName("fsneurons_blocked_0_in_nchwc")
            .addInput("x")
            .addInput("w")
            .addOutput("reorder_token_1")
            .addAttribute(activation("Sigmoid"))
            .addAttribute(
                AttributeProto.newBuilder()
                    .setName("group")
                    .setType(AttributeProto.AttributeType.INT)
                    .setI(1)));
    plan.placeholders().getGraph().getNodeList().stream().skip(2).forEach(g::addNode);
    BlockedLayout.Restored r =
        BlockedLayout.restore(plan.placeholders().toBuilder().setGraph(g).build(), plan);
    ModelProto m = r.model().orElseThrow(() -> new AssertionError(r.reason()));
    List<NodeProto> nodes = m.getGraph().getNodeList();
    NodeProto conv = nodes.get(0);
    assertEquals(List.of("reorder_token_1_fsneurons_pre"), conv.getOutputList());
    assertTrue(conv.getAttributeList().stream().noneMatch(a -> a.getName().equals("activation")));
    assertEquals(1, conv.getAttributeCount(), "other attributes kept");
    NodeProto fs1 = nodes.get(1);
    NodeProto original = fs.getGraph().getNode(1);
    assertEquals(original.getName(), fs1.getName());
    assertEquals(original.getOverload(), fs1.getOverload());
    assertEquals(original.getAttributeList(), fs1.getAttributeList());
    assertEquals(List.of("reorder_token_1_fsneurons_pre"), fs1.getInputList());
    assertEquals(List.of("reorder_token_1"), fs1.getOutputList());
    assertEquals(fs.getFunctionsList(), m.getFunctionsList());
  }

  @Test
  void restorePutsAStandalonePlaceholderBack() {
    ModelProto fs = chain(false);
    BlockedLayout.Plan plan = BlockedLayout.plan(fs).plan().orElseThrow();
    // ORT left the placeholder as its own node (it does so on blocked tensors when no convolution
    // could take it)
    ModelProto m = BlockedLayout.restore(plan.placeholders(), plan).model().orElseThrow();
    NodeProto fs1 = m.getGraph().getNode(1);
    NodeProto original = fs.getGraph().getNode(1);
    assertEquals(FsOperator.OP_TYPE, fs1.getOpType());
    assertEquals(FsOperator.DOMAIN, fs1.getDomain());
    assertEquals(original.getName(), fs1.getName());
    assertEquals(original.getOverload(), fs1.getOverload());
    assertEquals(original.getAttributeList(), fs1.getAttributeList());
    assertEquals(List.of("fsneurons_blocked_0_in"), fs1.getInputList());
    assertEquals(List.of("fsneurons_blocked_0_out"), fs1.getOutputList());
    assertEquals(
        fs.getGraph().getNode(3),
        m.getGraph().getNode(3),
        "the FS node with its spikes in use is untouched");
  }

  @Test
  void restoreRefusesWhenAPlaceholderIsMissing() {
    BlockedLayout.Plan plan = BlockedLayout.plan(chain(false)).plan().orElseThrow();
    GraphProto.Builder g = plan.placeholders().getGraph().toBuilder().removeNode(1);
    BlockedLayout.Restored r =
        BlockedLayout.restore(plan.placeholders().toBuilder().setGraph(g).build(), plan);
    assertTrue(r.model().isEmpty());
    assertEquals("placeholder fsneurons_blocked_0 found 0 times after optimization", r.reason());
  }

  // ---------------------------------------------------------------------------------------- with
  // ONNX Runtime

  private static Path lib() {
    Optional<Path> lib = NativeFsKernel.library();
    Assumptions.assumeTrue(
        lib.isPresent(), "native kernel unavailable: " + NativeFsKernel.unavailableReason());
    return lib.get();
  }

  private static float[] run(byte[] model, SessionConfig cfg, Tensor x, StringBuilder layout) {
    BlockedLayout.Prepared p = BlockedLayout.prepare(OnnxModels.parse(model, "test"), cfg);
    try (OrtRunner r = OrtRunner.open(p, "test", cfg)) {
      layout.append(r.layout());
      return r.run(Map.of(Architectures.INPUT, x), List.of(Architectures.OUTPUT))
          .get(Architectures.OUTPUT)
          .floats();
    }
  }

  private static Tensor input(int n, int h, int w, int c, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    float[] v = new float[n * h * w * c];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (rnd.nextDouble() * 4 - 2);
    }
    return Tensor.ofFloats(v, n, c, h, w);
  }

  @Test
  void resnetOnBlockedTensorsEqualsThePlainSessionBitForBit() {
    Path lib = lib();
    ModelProto ann = Architectures.build("resnet20-cifar", new int[] {28, 28, 1}, 3);
    byte[] fs =
        Converter.convert(ann, ConversionOptions.defaults(), "resnet20").model().toByteArray();
    SessionConfig cfg = SessionConfig.cpu().withCustomOpLibrary(lib);
    Tensor x = input(3, 28, 28, 1, 5);
    StringBuilder blocked = new StringBuilder();
    StringBuilder plain = new StringBuilder();
    float[] yb = run(fs, cfg, x, blocked);
    float[] yp = run(fs, cfg.withBlockedLayout(false), x, plain);
    assertEquals("blocked (19 of 19 FS nodes on ONNX Runtime's NCHWc tensors)", blocked.toString());
    assertEquals("plain", plain.toString());
    assertArrayEquals(yp, yb);
  }

  /**
   * ONNX Runtime's profiler: with the blocked layout no reorder runs around the FS nodes (only the
   * ANN's final one).
   */
  @Test
  void profilerShowsNoReordersAroundFsNodes(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    Path lib = lib();
    ModelProto ann = Architectures.build("resnet20-cifar", new int[] {28, 28, 1}, 3);
    byte[] fs =
        Converter.convert(ann, ConversionOptions.defaults(), "resnet20").model().toByteArray();
    SessionConfig cfg = SessionConfig.cpu().withCustomOpLibrary(lib);
    Tensor x = input(2, 28, 28, 1, 8);
    Map<String, Integer> blocked = opCounts(fs, cfg, x, dir.resolve("blocked"));
    Map<String, Integer> plain =
        opCounts(fs, cfg.withBlockedLayout(false), x, dir.resolve("plain"));
    assertEquals(19, blocked.get("FSNeuron"));
    assertEquals(1, blocked.getOrDefault("ReorderOutput", 0), blocked.toString());
    assertEquals(0, blocked.getOrDefault("ReorderInput", 0), blocked.toString());
    assertEquals(19, plain.get("FSNeuron"));
    assertTrue(plain.getOrDefault("ReorderOutput", 0) >= 19, plain.toString());
  }

  private static Map<String, Integer> opCounts(
      byte[] model, SessionConfig cfg, Tensor x, Path prefix) {
    BlockedLayout.Prepared p = BlockedLayout.prepare(OnnxModels.parse(model, "test"), cfg);
    try (OrtRunner r = OrtRunner.openProfiled(p, "test", cfg, prefix)) {
      r.run(Map.of(Architectures.INPUT, x), List.of(Architectures.OUTPUT));
      Path trace = r.endProfiling();
      ProfileTrace.Summary s = ProfileTrace.read(trace, 0);
      return s.eventsByOp();
    }
  }

  @Test
  void efficientNetOnBlockedTensorsMatchesThePlainSession() {
    Path lib = lib();
    ModelProto ann = Architectures.build("efficientnet-b0", new int[] {64, 64, 3}, 3);
    byte[] fs = Converter.convert(ann, ConversionOptions.defaults(), "b0").model().toByteArray();
    SessionConfig cfg = SessionConfig.cpu().withCustomOpLibrary(lib);
    Tensor x = input(1, 64, 64, 3, 6);
    StringBuilder blocked = new StringBuilder();
    float[] yb = run(fs, cfg, x, blocked);
    float[] yp = run(fs, cfg.withBlockedLayout(false), x, new StringBuilder());
    assertEquals("blocked (65 of 65 FS nodes on ONNX Runtime's NCHWc tensors)", blocked.toString());
    // Not bit for bit: the blocked graph also runs the squeeze-excite GlobalAveragePool on blocked
    // tensors, which
    // sums in another order (measured max difference 1e-7 on logits of size ~0.3). The FS nodes
    // themselves are exact.
    double worst = 0;
    for (int i = 0; i < yb.length; i++) {
      worst = Math.max(worst, Math.abs(yb[i] - yp[i]) / (1e-3 + Math.abs(yp[i])));
    }
    assertTrue(worst < 1e-4, "largest relative difference " + worst);
    assertFalse(Arrays.equals(new float[yb.length], yb), "outputs are not all zero");
  }

  @Test
  void cudaAndPlainSessionsAreNotRewritten() {
    ModelProto ann = Architectures.build("resnet20-cifar", new int[] {28, 28, 1}, 3);
    byte[] fs =
        Converter.convert(ann, ConversionOptions.defaults(), "resnet20").model().toByteArray();
    StringBuilder layout = new StringBuilder();
    run(fs, SessionConfig.cpu(), input(1, 28, 28, 1, 7), layout);
    assertEquals(
        "plain", layout.toString(), "no custom-op library: function bodies, nothing to place");
  }

  @Test
  void prepareIsAStepOfItsOwnThatOrtRunnerDoesNotRepeat() {
    Path lib = lib();
    ModelProto ann = Architectures.build("resnet20-cifar", new int[] {28, 28, 1}, 3);
    ModelProto fs = Converter.convert(ann, ConversionOptions.defaults(), "resnet20").model();
    SessionConfig cfg = SessionConfig.cpu().withCustomOpLibrary(lib);
    BlockedLayout.Prepared p = BlockedLayout.prepare(fs, cfg);
    assertTrue(p.blocked());
    assertEquals("blocked (19 of 19 FS nodes on ONNX Runtime's NCHWc tensors)", p.layout());
    assertEquals(
        19,
        p.model().getGraph().getNodeList().stream()
            .filter(n -> n.getOpType().equals("FSNeuron"))
            .count());
    assertTrue(
        p.model().getGraph().getNodeList().stream()
            .anyMatch(n -> n.getDomain().equals("com.microsoft.nchwc")),
        "ORT's blocked-layout nodes are in the prepared model");
    // OrtRunner opens what it is given: the plain FS model stays plain even with the library
    // registered
    try (OrtRunner r = OrtRunner.open(fs, "test", cfg)) {
      assertEquals("plain", r.layout());
      assertTrue(r.customOpsRegistered());
    }
    assertEquals(
        new BlockedLayout.Prepared(fs, false, "plain"),
        BlockedLayout.prepare(fs, cfg.withBlockedLayout(false)));
    assertEquals(
        new BlockedLayout.Prepared(fs, false, "plain"),
        BlockedLayout.prepare(fs, SessionConfig.cpu()));
  }

  @Test
  void prepareSaysWhyAModelStaysPlain() {
    Path lib = lib();
    ModelProto one =
        FsOperator.singleNodeModel(
            CoefficientSets.bundled("relu"), FsBody.DYNAMICS, new long[] {1, 8}, false, 17);
    BlockedLayout.Prepared p =
        BlockedLayout.prepare(one, SessionConfig.cpu().withCustomOpLibrary(lib));
    assertEquals(false, p.blocked());
    assertEquals("plain (" + BlockedLayout.plan(one).reason() + ")", p.layout());
    assertEquals(one, p.model());
  }

  @Test
  void aKernelLibraryThatDoesNotLoadIsReportedAsSuch(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    Path bad = dir.resolve("libnot-a-kernel.so");
    Files.writeString(bad, "not a shared library");
    SessionConfig cfg = SessionConfig.cpu().withCustomOpLibrary(bad);
    var e =
        Assertions.assertThrows(
            UserInputException.class,
            () -> OrtRunner.open(OrtRunnerTest.model(), "relu", cfg).close());
    assertTrue(
        e.getMessage().startsWith("cannot load the FS kernel library " + bad + ": "),
        e.getMessage());
    e =
        Assertions.assertThrows(
            UserInputException.class, () -> BlockedLayout.prepare(chain(false), cfg));
    assertTrue(
        e.getMessage().startsWith("cannot load the FS kernel library " + bad + ": "),
        e.getMessage());
  }
}
