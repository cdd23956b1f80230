package org.fsneurons.models.arch;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.UnsafeByteOperations;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.fsneurons.models.onnx.GraphEdits;

/**
 * Builds an NCHW float graph node by node while tracking every tensor's concrete shape (batch
 * excluded), so each intermediate tensor gets a {@code value_info} with a symbolic batch dimension
 * {@value #BATCH} and concrete remaining dimensions.
 *
 * <p>Weights are either pseudo-random initializers (one {@link SplittableRandom#split()} of the
 * seed per tensor, in creation order; uniform with the variance of He-normal for convolutions) or,
 * for a structure-only model, graph inputs of the same names and shapes and no data. Node names
 * double as their output tensor names.
 */
final class GraphBuilder {
  static final String BATCH = "N";
  static final int OPSET = 13;
  static final long IR_VERSION = 8;

  /** Amplitude of the noise on batch-norm parameters (gamma, beta, mean, variance). */
  private static final double BN_NOISE = 0.01;

  private final GraphProto.Builder graph = GraphProto.newBuilder();
  private final Map<String, int[]> shapes = new HashMap<>();
  private final SplittableRandom rng;
  private final boolean randomWeights;

  /**
   * @param seed seed of the weights' generator
   * @param randomWeights true: initializers with data; false: weights become graph inputs
   *     (structure only)
   */
  GraphBuilder(String name, long seed, boolean randomWeights) {
    this.rng = new SplittableRandom(seed);
    this.randomWeights = randomWeights;
    graph.setName(name);
  }

  /** The graph input {@code name}: float [N, c, h, w]. */
  String input(String name, int c, int h, int w) {
    int[] shape = {c, h, w};
    shapes.put(name, shape);
    graph.addInput(valueInfo(name, shape));
    return name;
  }

  /** Shape of a tensor, batch excluded (C,H,W or C). */
  int[] shape(String tensor) {
    int[] s = shapes.get(tensor);
    if (s == null) {
      throw new IllegalStateException("unknown tensor " + tensor);
    }
    return s.clone();
  }

  int channels(String tensor) {
    return shape(tensor)[0];
  }

  /**
   * Conv2D without bias unless {@code bias}; pads are {top, left, bottom, right}. Weight [outC,
   * inC/groups, k, k].
   */
  String conv(
      String name, String x, int outC, int k, int stride, int groups, int[] pads, boolean bias) {
    int[] in = shape(x);
    if (in[0] % groups != 0 || outC % groups != 0) {
      throw new IllegalStateException(
          name + ": channels " + in[0] + "->" + outC + " not divisible by " + groups);
    }
    int oh = (in[1] + pads[0] + pads[2] - k) / stride + 1;
    int ow = (in[2] + pads[1] + pads[3] - k) / stride + 1;
    requirePositive(name, oh, ow);
    int fanIn = in[0] / groups * k * k;
    String w =
        weight(
            name + "/kernel", new long[] {outC, in[0] / groups, k, k}, Math.sqrt(2.0 / fanIn), 0.0);
    NodeProto.Builder node = node("Conv", name, name, x, w);
    if (bias) {
      node.addInput(weight(name + "/bias", new long[] {outC}, BN_NOISE, 0.0));
    }
    node.addAttribute(ints("kernel_shape", k, k))
        .addAttribute(ints("strides", stride, stride))
        .addAttribute(ints("pads", pads))
        .addAttribute(ints("dilations", 1, 1))
        .addAttribute(GraphEdits.intAttr("group", groups));
    return add(node, new int[] {outC, oh, ow});
  }

  /** Inference-mode batch normalization; gamma≈1, beta≈0, mean≈0, variance≈1 (small noise). */
  String batchNorm(String name, String x, double epsilon) {
    long c = channels(x);
    NodeProto.Builder node =
        node(
            "BatchNormalization",
            name,
            name,
            x,
            weight(name + "/gamma", new long[] {c}, BN_NOISE, 1.0),
            weight(name + "/beta", new long[] {c}, BN_NOISE, 0.0),
            weight(name + "/moving_mean", new long[] {c}, BN_NOISE, 0.0),
            weight(name + "/moving_variance", new long[] {c}, BN_NOISE, 1.0));
    node.addAttribute(floatAttr("epsilon", (float) epsilon));
    return add(node, shape(x));
  }

  String relu(String name, String x) {
    return add(node("Relu", name, name, x), shape(x));
  }

  String sigmoid(String name, String x) {
    return add(node("Sigmoid", name, name, x), shape(x));
  }

  /**
   * Swish as the two-node pattern {@code Mul(x, Sigmoid(x))}: nodes {@code name/sigmoid} and {@code
   * name}.
   */
  String swish(String name, String x) {
    String s = sigmoid(name + "/sigmoid", x);
    return mul(name, x, s);
  }

  /** Element-wise product with NumPy broadcasting of {@code [C,1,1]} against {@code [C,H,W]}. */
  String mul(String name, String a, String b) {
    return add(node("Mul", name, name, a, b), broadcast(name, shape(a), shape(b)));
  }

  String add(String name, String a, String b) {
    return add(node("Add", name, name, a, b), broadcast(name, shape(a), shape(b)));
  }

  /**
   * Max pooling; pads {top, left, bottom, right} are ignored by the max (as TensorFlow's 'SAME').
   */
  String maxPool(String name, String x, int k, int stride, int[] pads) {
    int[] in = shape(x);
    int oh = (in[1] + pads[0] + pads[2] - k) / stride + 1;
    int ow = (in[2] + pads[1] + pads[3] - k) / stride + 1;
    requirePositive(name, oh, ow);
    NodeProto.Builder node = node("MaxPool", name, name, x);
    node.addAttribute(ints("kernel_shape", k, k))
        .addAttribute(ints("strides", stride, stride))
        .addAttribute(ints("pads", pads));
    return add(node, new int[] {in[0], oh, ow});
  }

  /** Mean over H and W, keeping them as 1 (TensorFlow's reduce_mean with keepdims). */
  String globalAveragePool(String name, String x) {
    return add(node("GlobalAveragePool", name, name, x), new int[] {channels(x), 1, 1});
  }

  /**
   * Fully connected layer on a pooled {@code [C,1,1]} tensor: {@code name/flatten} to [C], then
   * Gemm to {@code output} of [units]; the output becomes a graph output.
   */
  String dense(String name, String x, int units, String output) {
    int c = channels(x);
    String flat =
        add(
            node("Flatten", name + "/flatten", name + "/flatten", x)
                .addAttribute(GraphEdits.intAttr("axis", 1)),
            new int[] {c});
    String w = weight(name + "/kernel", new long[] {units, c}, Math.sqrt(1.0 / c), 0.0);
    String b = weight(name + "/bias", new long[] {units}, BN_NOISE, 0.0);
    NodeProto.Builder gemm =
        node("Gemm", name, output, flat, w, b).addAttribute(GraphEdits.intAttr("transB", 1));
    graph.addNode(gemm);
    int[] shape = {units};
    shapes.put(output, shape);
    graph.addOutput(valueInfo(output, shape));
    return output;
  }

  /** The finished model: IR version {@value #IR_VERSION}, default-domain opset {@value #OPSET}. */
  ModelProto model(String docString) {
    return ModelProto.newBuilder()
        .setIrVersion(IR_VERSION)
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
        .setProducerName("fsneurons.arch")
        .setDocString(docString)
        .setGraph(graph)
        .build();
  }

  /**
   * Explicit pads of TensorFlow's 'SAME' (extra padding at the end), as ONNX auto_pad SAME_UPPER:
   * t,l,b,r.
   */
  static int[] samePads(int h, int w, int k, int stride) {
    int ph = samePadTotal(h, k, stride);
    int pw = samePadTotal(w, k, stride);
    return new int[] {ph / 2, pw / 2, ph - ph / 2, pw - pw / 2};
  }

  private static int samePadTotal(int size, int k, int stride) {
    int out = (size + stride - 1) / stride;
    return Math.max((out - 1) * stride + k - size, 0);
  }

  /**
   * Pads of the TF official ResNet's {@code conv2d_fixed_padding}: k-1 in total, the odd one at the
   * end.
   */
  static int[] fixedPads(int k) {
    int begin = (k - 1) / 2;
    int end = k - 1 - begin;
    return new int[] {begin, begin, end, end};
  }

  // ---------------------------------------------------------------------------------------------------------

  private String add(NodeProto.Builder node, int[] shape) {
    String out = node.getOutput(0);
    if (shapes.containsKey(out)) {
      throw new IllegalStateException("duplicate tensor name " + out);
    }
    graph.addNode(node);
    shapes.put(out, shape);
    graph.addValueInfo(valueInfo(out, shape));
    return out;
  }

  private static NodeProto.Builder node(String op, String name, String output, String... inputs) {
    NodeProto.Builder b = NodeProto.newBuilder().setOpType(op).setName(name).addOutput(output);
    for (String in : inputs) {
      b.addInput(in);
    }
    return b;
  }

  /**
   * A weight tensor: uniform on [offset - a, offset + a] with a = sqrt(3)·std (so its standard
   * deviation is {@code std}), stored little-endian in raw_data; or, structure only, a graph input
   * of the same shape.
   */
  private String weight(String name, long[] dims, double std, double offset) {
    if (shapes.containsKey(name)) {
      throw new IllegalStateException("duplicate tensor name " + name);
    }
    int[] shape = Arrays.stream(dims).mapToInt(Math::toIntExact).toArray();
    shapes.put(name, shape);
    if (!randomWeights) {
      graph.addInput(ValueInfoProto.newBuilder().setName(name).setType(tensorType(shape, false)));
      return name;
    }
    long n = 1;
    for (long d : dims) {
      n *= d;
    }
    byte[] bytes = new byte[Math.toIntExact(4 * n)];
    ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    SplittableRandom r = rng.split();
    double a = Math.sqrt(3.0) * std;
    double twoA = 2 * a;
    double lo = offset - a;
    for (int i = 0; i < n; i++) {
      buf.putFloat(4 * i, (float) (lo + twoA * r.nextDouble()));
    }
    TensorProto.Builder t =
        TensorProto.newBuilder()
            .setName(name)
            .setDataType(TensorProto.DataType.FLOAT.getNumber())
            .setRawData(UnsafeByteOperations.unsafeWrap(bytes));
    for (long d : dims) {
      t.addDims(d);
    }
    graph.addInitializer(t);
    return name;
  }

  private static ValueInfoProto valueInfo(String name, int[] shape) {
    return ValueInfoProto.newBuilder().setName(name).setType(tensorType(shape, true)).build();
  }

  private static TypeProto tensorType(int[] shape, boolean batched) {
    TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
    if (batched) {
      s.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH));
    }
    for (int d : shape) {
      s.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
    }
    return TypeProto.newBuilder()
        .setTensorType(
            TypeProto.Tensor.newBuilder()
                .setElemType(TensorProto.DataType.FLOAT.getNumber())
                .setShape(s))
        .build();
  }

  private static int[] broadcast(String name, int[] a, int[] b) {
    if (a.length != b.length) {
      throw new IllegalStateException(name + ": rank " + a.length + " vs " + b.length);
    }
    int[] out = new int[a.length];
    for (int i = 0; i < a.length; i++) {
      if (a[i] != b[i] && a[i] != 1 && b[i] != 1) {
        throw new IllegalStateException(
            name + ": cannot broadcast " + Arrays.toString(a) + " and " + Arrays.toString(b));
      }
      out[i] = Math.max(a[i], b[i]);
    }
    return out;
  }

  private static void requirePositive(String name, int h, int w) {
    if (h < 1 || w < 1) {
      throw new IllegalStateException(name + ": empty output " + h + "x" + w);
    }
  }

  private static AttributeProto ints(String name, int... values) {
    AttributeProto.Builder b =
        AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
    for (int v : values) {
      b.addInts(v);
    }
    return b.build();
  }

  private static AttributeProto floatAttr(String name, float value) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.FLOAT)
        .setF(value)
        .build();
  }
}
