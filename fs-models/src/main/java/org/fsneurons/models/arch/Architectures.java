package org.fsneurons.models.arch;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fsneurons.core.UserInputException;

/**
 * The paper's architectures as ONNX graphs, by name:
 *
 * <ul>
 *   <li>{@code resnetN-cifar} for any N = 6n+2 (n ≥ 1), e.g. resnet20-cifar, resnet50-cifar,
 *       resnet56-cifar: CIFAR ResNet v2 (pre-activation), default input 32x32x3, 10 classes;
 *   <li>{@code resnet18-imagenet}, {@code resnet34-imagenet}, {@code resnet50-imagenet}, {@code
 *       resnet101-imagenet}, {@code resnet152-imagenet}: ImageNet ResNet v1.5, default input
 *       224x224x3, 1000 classes;
 *   <li>{@code efficientnet-b0} .. {@code efficientnet-b7}: EfficientNet at its own resolution
 *       (224, 240, 260, 300, 380, 456, 528, 600), 1000 classes.
 * </ul>
 *
 * <p>Every model: layout NCHW, float input {@value #INPUT} of shape [N, C, H, W] with the symbolic
 * batch dimension N, output {@value #OUTPUT} [N, classes], IR version 8, default-domain opset 13,
 * and a {@code value_info} with the concrete shape of every intermediate tensor, so neurons can be
 * counted without running the model. Activations: Relu nodes (ResNets); swish as {@code Mul(x,
 * Sigmoid(x))} and the SE gate as a plain Sigmoid followed by Mul (EfficientNet). Node names are
 * their output tensors' names (e.g. {@code stage2/block1/relu1}, {@code blocks_3/se/gate}).
 *
 * <p>Weights are deterministic pseudo-random (from the seed; He-scaled convolutions, batch norm
 * with gamma≈1, beta≈0, mean≈0, variance≈1): right for structure, neuron counts and speed,
 * meaningless for accuracy. The architectures follow TensorFlow's official code (see {@link
 * ResNets}, {@link EfficientNets}).
 */
public final class Architectures {
  /** Name of every model's input tensor. */
  public static final String INPUT = "input";

  /** Name of every model's output tensor. */
  public static final String OUTPUT = "logits";

  private static final Pattern CIFAR = Pattern.compile("resnet(\\d{1,6})-cifar");
  private static final Pattern IMAGENET = Pattern.compile("resnet(18|34|50|101|152)-imagenet");
  private static final Pattern EFFICIENTNET = Pattern.compile("efficientnet-b([0-7])");
  private static final Pattern INPUT_SIZE = Pattern.compile("(\\d{1,6})x(\\d{1,6})x(\\d{1,6})");

  private Architectures() {}

  /** The fixed names, and {@code resnetN-cifar} standing for every N = 6n+2. */
  public static List<String> names() {
    return List.of(
        "resnetN-cifar",
        "resnet18-imagenet",
        "resnet34-imagenet",
        "resnet50-imagenet",
        "resnet101-imagenet",
        "resnet152-imagenet",
        "efficientnet-b0",
        "efficientnet-b1",
        "efficientnet-b2",
        "efficientnet-b3",
        "efficientnet-b4",
        "efficientnet-b5",
        "efficientnet-b6",
        "efficientnet-b7");
  }

  /**
   * The model with pseudo-random weights as initializers; ONNX Runtime runs it.
   *
   * @param name an architecture name (see the class comment)
   * @param inputHWC input height, width, channels; null for {@link #defaultInput}
   * @param seed seed of the weights
   * @throws UserInputException for an unknown name or an input size that is not three positive
   *     values
   */
  public static ModelProto build(String name, int[] inputHWC, long seed) {
    return build(name, inputHWC, seed, true);
  }

  /**
   * The same graph without weight data: every weight is a graph input of its shape instead of an
   * initializer. Small and fast, for counting neurons and inspecting structure; running it needs
   * the weights fed as inputs.
   */
  public static ModelProto buildStructure(String name, int[] inputHWC) {
    return build(name, inputHWC, 0L, false);
  }

  /**
   * The default input of an architecture as HxWxC, e.g. "32x32x3" or "600x600x3" for
   * efficientnet-b7.
   */
  public static String defaultInput(String name) {
    int[] d = defaultHWC(parse(name));
    return d[0] + "x" + d[1] + "x" + d[2];
  }

  /**
   * Parses "HxWxC" (e.g. "28x28x1") into {H, W, C}.
   *
   * @throws UserInputException when the text is not three positive integers separated by 'x'
   */
  public static int[] parseInput(String text) {
    Matcher m = text == null ? null : INPUT_SIZE.matcher(text.trim());
    if (m == null || !m.matches()) {
      throw new UserInputException(
          "input size '" + text + "': expected HxWxC with three positive integers, e.g. 32x32x3");
    }
    int[] hwc = {
      Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))
    };
    checkPositive(text, hwc);
    return hwc;
  }

  // ---------------------------------------------------------------------------------------------------------

  private enum Family {
    CIFAR,
    IMAGENET,
    EFFICIENTNET
  }

  /** A parsed name: family and depth (ResNets) or variant (EfficientNet). */
  private record Spec(String name, Family family, int size) {}

  private static Spec parse(String name) {
    String n = name == null ? "" : name.trim();
    Matcher m = CIFAR.matcher(n);
    if (m.matches()) {
      int depth = Integer.parseInt(m.group(1));
      if (depth < 8 || (depth - 2) % 6 != 0) {
        throw new UserInputException(
            "architecture '"
                + name
                + "': a CIFAR ResNet needs a depth N = 6n+2 with n >= 1 (8, 14, 20, 26, 32, 44, 50, 56, 110, ...),"
                + " found "
                + depth);
      }
      return new Spec(n, Family.CIFAR, depth);
    }
    m = IMAGENET.matcher(n);
    if (m.matches()) {
      return new Spec(n, Family.IMAGENET, Integer.parseInt(m.group(1)));
    }
    m = EFFICIENTNET.matcher(n);
    if (m.matches()) {
      return new Spec(n, Family.EFFICIENTNET, Integer.parseInt(m.group(1)));
    }
    throw new UserInputException(
        "unknown architecture '"
            + name
            + "'; expected one of "
            + String.join(", ", names())
            + " (resnetN-cifar for any N = 6n+2, e.g. resnet20-cifar, resnet56-cifar)");
  }

  private static int[] defaultHWC(Spec spec) {
    return switch (spec.family()) {
      case CIFAR -> new int[] {32, 32, 3};
      case IMAGENET -> new int[] {224, 224, 3};
      case EFFICIENTNET -> {
        int r = (int) EfficientNets.PARAMS[spec.size()][2];
        yield new int[] {r, r, 3};
      }
    };
  }

  private static ModelProto build(String name, int[] inputHWC, long seed, boolean weights) {
    Spec spec = parse(name);
    int[] hwc = inputHWC == null ? defaultHWC(spec) : inputHWC.clone();
    String text = hwc.length == 3 ? hwc[0] + "x" + hwc[1] + "x" + hwc[2] : Arrays.toString(hwc);
    if (hwc.length != 3) {
      throw new UserInputException(
          "input size " + text + " for " + spec.name() + ": expected 3 values H, W, C");
    }
    checkPositive(text, hwc);
    GraphBuilder g = new GraphBuilder(spec.name(), seed, weights);
    String x = g.input(INPUT, hwc[2], hwc[0], hwc[1]);
    // Every layer keeps at least 1x1 (ceil(size/stride)), so any positive input size builds.
    switch (spec.family()) {
      case CIFAR -> ResNets.cifarV2(g, x, spec.size());
      case IMAGENET -> ResNets.imagenetV1(g, x, spec.size());
      case EFFICIENTNET -> EfficientNets.build(g, x, spec.size());
    }
    String doc =
        spec.name()
            + " input "
            + text
            + (weights
                ? ", pseudo-random weights, seed " + seed
                : ", structure only (weights are graph inputs)");
    return g.model(doc);
  }

  private static void checkPositive(String text, int[] hwc) {
    for (int v : hwc) {
      if (v < 1) {
        throw new UserInputException(
            "input size '" + text + "': expected HxWxC with three positive integers, e.g. 32x32x3");
      }
    }
  }
}
