package org.fsneurons.models.arch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.fsneurons.core.UserInputException;
import org.junit.jupiter.api.Test;

class ArchitecturesTest {

  // --- golden neuron counts
  // ------------------------------------------------------------------------------------

  /** 475,136: README of the official code, resnet50 on CIFAR (ResNet v2, 8 blocks per stage). */
  @Test
  void resnet50CifarHasTheOfficialReluNeuronCount() {
    ModelProto m = Architectures.build("resnet50-cifar", null, 1);
    assertEquals(new GraphCounts.Neurons(475_136, 0, 0), GraphCounts.neurons(m));
  }

  /** 9,608,704: README of the official code, resnet50 on ImageNet. */
  @Test
  void resnet50ImagenetHasTheOfficialReluNeuronCount() {
    ModelProto m = Architectures.build("resnet50-imagenet", null, 1);
    assertEquals(new GraphCounts.Neurons(9_608_704, 0, 0), GraphCounts.neurons(m));
  }

  /**
   * 259,366,992 swish neurons: README of the official code, efficientnet-b7 at 600x600 (the SE-gate
   * sigmoid was not converted there). The 70,240 SE-gate sigmoid neurons (one per expanded channel
   * of each of the 55 blocks) are this builder's count, not an official number.
   */
  @Test
  void efficientnetB7HasTheOfficialSwishNeuronCount() {
    ModelProto m = Architectures.build("efficientnet-b7", null, 1);
    assertEquals(new GraphCounts.Neurons(0, 259_366_992, 70_240), GraphCounts.neurons(m));
    assertEquals(55, countNodesEndingWith(m, "/project_conv"));
    // torchvision efficientnet_b7: 66,347,960 parameters (BN running statistics excluded).
    assertEquals(66_347_960, GraphCounts.parameters(m, true));
  }

  /** B0 at 224x224: 16 blocks (official). Neuron counts are this builder's (no official number). */
  @Test
  void efficientnetB0CountsPerKind() {
    ModelProto m = Architectures.build("efficientnet-b0", null, 1);
    assertEquals(new GraphCounts.Neurons(0, 6_157_916, 8_960), GraphCounts.neurons(m));
    assertEquals(16, countNodesEndingWith(m, "/project_conv"));
    // Stem swish on 112x112x32: checkable by hand.
    assertEquals(112L * 112 * 32, elements(m, "stem/conv"));
  }

  /**
   * Parameter counts (conv, dense, SE biases, BN gamma and beta; running statistics excluded) equal
   * the torchvision models of the same architecture (torchvision docs: resnet50 25,557,032;
   * efficientnet_b0 5,288,548; efficientnet_b4 19,341,616). resnet18 has TF r1's extra 1x1
   * projection + BN in its first stage: torchvision's 11,689,512 + 64*64 + 2*64 = 11,693,736.
   */
  @Test
  void parameterCountsMatchTorchvision() {
    assertEquals(
        25_557_032,
        GraphCounts.parameters(Architectures.build("resnet50-imagenet", null, 1), true));
    assertEquals(
        5_288_548, GraphCounts.parameters(Architectures.build("efficientnet-b0", null, 1), true));
    assertEquals(
        19_341_616, GraphCounts.parameters(Architectures.build("efficientnet-b4", null, 1), true));
    assertEquals(
        11_693_736,
        GraphCounts.parameters(Architectures.build("resnet18-imagenet", null, 1), true));
  }

  // --- structure
  // ----------------------------------------------------------------------------------------------

  /**
   * resnet20-cifar on 28x28x1: ReLU neurons by hand: stage 1 6 x 28*28*16 = 75,264; stage 2
   * 28*28*16 + 5 x 14*14*32 = 43,904; stage 3 14*14*32 + 5 x 7*7*64 = 21,952; final 7*7*64 = 3,136;
   * total 144,256.
   */
  @Test
  void resnet20CifarBuildsOnMnistSizedInput() {
    ModelProto m = Architectures.build("resnet20-cifar", new int[] {28, 28, 1}, 1);
    ValueInfoProto in = m.getGraph().getInput(0);
    assertEquals(Architectures.INPUT, in.getName());
    assertEquals(List.of("N", "1", "28", "28"), dims(in));
    ValueInfoProto out = m.getGraph().getOutput(0);
    assertEquals(Architectures.OUTPUT, out.getName());
    assertEquals(List.of("N", "10"), dims(out));
    assertEquals(new GraphCounts.Neurons(144_256, 0, 0), GraphCounts.neurons(m));
    assertEquals(8, m.getIrVersion());
    assertEquals(13, m.getOpsetImport(0).getVersion());
    assertEquals("", m.getOpsetImport(0).getDomain());
  }

  @Test
  void everyNodeOutputHasAShape() {
    for (String name : List.of("resnet20-cifar", "resnet34-imagenet", "efficientnet-b1")) {
      ModelProto m = Architectures.buildStructure(name, null);
      Map<String, ValueInfoProto> infos = new HashMap<>();
      m.getGraph().getValueInfoList().forEach(v -> infos.put(v.getName(), v));
      for (NodeProto n : m.getGraph().getNodeList()) {
        String o = n.getOutput(0);
        assertTrue(
            infos.containsKey(o) || o.equals(Architectures.OUTPUT),
            name + ": no value_info for " + o);
      }
      assertEquals(m.getGraph().getNodeCount() - 1, m.getGraph().getValueInfoCount(), name);
    }
  }

  @Test
  void structureOnlyHasTheSameGraphWithWeightsAsInputs() {
    ModelProto full = Architectures.build("efficientnet-b0", null, 3);
    ModelProto structure = Architectures.buildStructure("efficientnet-b0", null);
    assertEquals(full.getGraph().getNodeList(), structure.getGraph().getNodeList());
    assertEquals(full.getGraph().getValueInfoList(), structure.getGraph().getValueInfoList());
    assertEquals(0, structure.getGraph().getInitializerCount());
    assertEquals(1 + full.getGraph().getInitializerCount(), structure.getGraph().getInputCount());
    assertEquals(GraphCounts.neurons(full), GraphCounts.neurons(structure));
    assertTrue(
        structure.getSerializedSize() < 100_000,
        "structure-only b0 is " + structure.getSerializedSize());
  }

  @Test
  void weightsAreDeterministicInTheSeed() {
    ModelProto a = Architectures.build("resnet20-cifar", null, 7);
    assertEquals(a, Architectures.build("resnet20-cifar", null, 7));
    ModelProto b = Architectures.build("resnet20-cifar", null, 8);
    assertEquals(a.getGraph().getNodeList(), b.getGraph().getNodeList());
    assertNotEquals(
        a.getGraph().getInitializer(0).getRawData(), b.getGraph().getInitializer(0).getRawData());
  }

  /**
   * Official EfficientNet widths and depths (efficientnet_builder.py; torchvision's b2/b4/b7 layer
   * widths).
   */
  @Test
  void roundingFollowsTheOfficialBuilder() {
    assertEquals(64, EfficientNets.roundFilters(32, 2.0));
    assertEquals(2560, EfficientNets.roundFilters(1280, 2.0));
    assertEquals(48, EfficientNets.roundFilters(32, 1.4));
    assertEquals(1792, EfficientNets.roundFilters(1280, 1.4));
    assertEquals(48, EfficientNets.roundFilters(40, 1.1));
    assertEquals(88, EfficientNets.roundFilters(80, 1.1));
    assertEquals(16, EfficientNets.roundFilters(16, 1.1));
    assertEquals(13, EfficientNets.roundRepeats(4, 3.1));
    assertEquals(2, EfficientNets.roundRepeats(1, 1.1));
    assertEquals(5, EfficientNets.roundRepeats(3, 1.4));
  }

  @Test
  void tensorflowSamePaddingPutsTheExtraPixelAtTheEnd() {
    assertArrayEquals(new int[] {0, 0, 1, 1}, GraphBuilder.samePads(600, 600, 3, 2));
    assertArrayEquals(new int[] {1, 1, 2, 2}, GraphBuilder.samePads(150, 150, 5, 2));
    assertArrayEquals(new int[] {2, 2, 2, 2}, GraphBuilder.samePads(19, 19, 5, 1));
    assertArrayEquals(new int[] {1, 1, 1, 1}, GraphBuilder.samePads(75, 75, 3, 2));
    assertArrayEquals(new int[] {3, 3, 3, 3}, GraphBuilder.fixedPads(7));
  }

  @Test
  void defaultInputs() {
    assertEquals("32x32x3", Architectures.defaultInput("resnet110-cifar"));
    assertEquals("224x224x3", Architectures.defaultInput("resnet152-imagenet"));
    assertEquals("224x224x3", Architectures.defaultInput("efficientnet-b0"));
    assertEquals("600x600x3", Architectures.defaultInput("efficientnet-b7"));
    assertArrayEquals(new int[] {28, 28, 1}, Architectures.parseInput("28x28x1"));
  }

  // --- user errors
  // --------------------------------------------------------------------------------------------

  @Test
  void unknownNameListsTheValidNames() {
    UserInputException e =
        assertThrows(UserInputException.class, () -> Architectures.build("resnet50", null, 1));
    assertEquals(
        "unknown architecture 'resnet50'; expected one of resnetN-cifar, resnet18-imagenet, resnet34-imagenet,"
            + " resnet50-imagenet, resnet101-imagenet, resnet152-imagenet, efficientnet-b0, efficientnet-b1,"
            + " efficientnet-b2, efficientnet-b3, efficientnet-b4, efficientnet-b5, efficientnet-b6,"
            + " efficientnet-b7 (resnetN-cifar for any N = 6n+2, e.g. resnet20-cifar, resnet56-cifar)",
        e.getMessage());
    assertThrows(UserInputException.class, () -> Architectures.defaultInput("efficientnet-b8"));
  }

  @Test
  void cifarDepthMustBe6nPlus2() {
    UserInputException e =
        assertThrows(
            UserInputException.class, () -> Architectures.build("resnet51-cifar", null, 1));
    assertEquals(
        "architecture 'resnet51-cifar': a CIFAR ResNet needs a depth N = 6n+2 with n >= 1"
            + " (8, 14, 20, 26, 32, 44, 50, 56, 110, ...), found 51",
        e.getMessage());
    assertThrows(UserInputException.class, () -> Architectures.build("resnet2-cifar", null, 1));
  }

  @Test
  void badInputSizes() {
    UserInputException e =
        assertThrows(UserInputException.class, () -> Architectures.parseInput("32x32"));
    assertEquals(
        "input size '32x32': expected HxWxC with three positive integers, e.g. 32x32x3",
        e.getMessage());
    e = assertThrows(UserInputException.class, () -> Architectures.parseInput("0x32x3"));
    assertEquals(
        "input size '0x32x3': expected HxWxC with three positive integers, e.g. 32x32x3",
        e.getMessage());
    e =
        assertThrows(
            UserInputException.class,
            () -> Architectures.build("resnet20-cifar", new int[] {32, 32}, 1));
    assertEquals(
        "input size [32, 32] for resnet20-cifar: expected 3 values H, W, C", e.getMessage());
  }

  // --- ONNX Runtime
  // -------------------------------------------------------------------------------------------

  @Test
  void efficientnetB0RunsUnderOnnxRuntime() throws OrtException {
    runAndCheck(Architectures.build("efficientnet-b0", null, 1), new long[] {1, 3, 224, 224}, 1000);
  }

  @Test
  void resnet18ImagenetRunsUnderOnnxRuntime() throws OrtException {
    runAndCheck(
        Architectures.build("resnet18-imagenet", null, 1), new long[] {1, 3, 224, 224}, 1000);
  }

  @Test
  void resnet20CifarRunsUnderOnnxRuntimeWithABatchOfTwo() throws OrtException {
    runAndCheck(
        Architectures.build("resnet20-cifar", new int[] {28, 28, 1}, 1),
        new long[] {2, 1, 28, 28},
        10);
  }

  /**
   * Runs the model on random images: logits of shape [batch, classes], all finite and not all
   * equal. Then runs it again with every intermediate tensor as an extra output and checks each
   * one's shape against its value_info.
   */
  private static void runAndCheck(ModelProto model, long[] inputShape, int classes)
      throws OrtException {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    SplittableRandom r = new SplittableRandom(1);
    float[] image =
        new float[Math.toIntExact(Arrays.stream(inputShape).reduce(1, (a, b) -> a * b))];
    for (int i = 0; i < image.length; i++) {
      image[i] = (float) r.nextGaussian();
    }
    try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
      opts.setIntraOpNumThreads(2);
      try (OrtSession s = env.createSession(model.toByteArray(), opts);
          OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(image), inputShape);
          OrtSession.Result res = s.run(Map.of(Architectures.INPUT, x))) {
        float[][] logits = (float[][]) res.get(Architectures.OUTPUT).orElseThrow().getValue();
        assertEquals(inputShape[0], logits.length);
        assertEquals(classes, logits[0].length);
        for (float[] row : logits) {
          for (float v : row) {
            assertTrue(Float.isFinite(v), "non-finite logit " + v);
          }
          assertTrue(
              Arrays.stream(toDouble(row)).distinct().count() > classes / 2, "degenerate logits");
        }
      }
      ModelProto.Builder all = model.toBuilder();
      all.getGraphBuilder().addAllOutput(model.getGraph().getValueInfoList());
      try (OrtSession s = env.createSession(all.build().toByteArray(), opts);
          OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(image), inputShape);
          OrtSession.Result res = s.run(Map.of(Architectures.INPUT, x))) {
        for (ValueInfoProto v : model.getGraph().getValueInfoList()) {
          OnnxValue value = res.get(v.getName()).orElseThrow();
          long[] actual = ((OnnxTensor) value).getInfo().getShape();
          List<String> expected = dims(v);
          assertEquals(expected.size(), actual.length, v.getName());
          assertEquals(inputShape[0], actual[0], v.getName());
          for (int i = 1; i < actual.length; i++) {
            assertEquals(expected.get(i), Long.toString(actual[i]), v.getName());
          }
        }
      }
    }
  }

  // --- helpers
  // ------------------------------------------------------------------------------------------------

  private static double[] toDouble(float[] a) {
    double[] d = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      d[i] = a[i];
    }
    return d;
  }

  private static List<String> dims(ValueInfoProto v) {
    return v.getType().getTensorType().getShape().getDimList().stream()
        .map(d -> d.hasDimValue() ? Long.toString(d.getDimValue()) : d.getDimParam())
        .toList();
  }

  private static long countNodesEndingWith(ModelProto m, String suffix) {
    return m.getGraph().getNodeList().stream().filter(n -> n.getName().endsWith(suffix)).count();
  }

  private static long elements(ModelProto m, String tensor) {
    return m.getGraph().getValueInfoList().stream()
        .filter(v -> v.getName().equals(tensor))
        .mapToLong(GraphCounts::elements)
        .findFirst()
        .orElseThrow();
  }
}
