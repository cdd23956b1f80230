package org.fsneurons.core.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import ai.onnx.proto.OnnxMl.FunctionProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto.Dimension;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.fsneurons.core.Sha256;
import org.fsneurons.core.UserInputException;
import org.fsneurons.core.coeff.CoefficientSet;
import org.fsneurons.core.compiled.CompiledFs;
import org.fsneurons.core.neuron.FsParams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The FS operator in ONNX.
 *
 * <ul>
 *   <li>Node: domain {@value #DOMAIN} (version {@value #DOMAIN_VERSION}), op_type {@value
 *       #OP_TYPE}, one input X (float tensor, any shape), outputs [Y, S]: Y float of X's shape, S
 *       the int64 scalar spike total over all of X's elements. Every function output is listed on
 *       the node: {@code [Y, ""]} when the total is not wanted.
 *   <li>Attributes (FLOATS, equal length K): {@value #ATTR_H}, {@value #ATTR_T}, {@value #ATTR_D}.
 *       A native kernel computes from these alone.
 *   <li>Semantics: a model-local FunctionProto per coefficient set, told apart by the IR-10 {@code
 *       overload} field ({@link #overloadId}); the node carries the same overload. The body holds
 *       the set's constants, written in the model's own default-domain opset (the function imports
 *       the same opset version as the model).
 *   <li>Models using it import domain {@value #DOMAIN} version 1 and have IR version &ge; {@value
 *       #MIN_IR_VERSION}.
 * </ul>
 */
public final class FsOperator {
  public static final String DOMAIN = "ai.fsneurons";
  public static final int DOMAIN_VERSION = 1;
  public static final String OP_TYPE = "FSNeuron";
  public static final String ATTR_H = "h";
  public static final String ATTR_T = "T";
  public static final String ATTR_D = "d";

  /** IR version 10 introduced function overloads. */
  public static final int MIN_IR_VERSION = 10;

  /** Oldest default-domain opset the bodies are written for. */
  static final int MIN_OPSET = 6;

  private static final Logger LOG = LoggerFactory.getLogger(FsOperator.class);

  private FsOperator() {}

  /** Whether the node is an FS neuron node (this domain and op type). */
  public static boolean isNode(NodeProto n) {
    return DOMAIN.equals(n.getDomain()) && OP_TYPE.equals(n.getOpType());
  }

  /**
   * Overload id of a set: its name made identifier-safe plus 8 hex digits of its coefficients'
   * SHA-256.
   */
  public static String overloadId(CoefficientSet set) {
    StringBuilder id = new StringBuilder();
    for (char c : set.name().toCharArray()) {
      id.append((c < 128 && Character.isLetterOrDigit(c)) || c == '_' ? c : '_');
    }
    if (!Character.isLetter(id.charAt(0)) && id.charAt(0) != '_') {
      id.insert(0, '_');
    }
    return id + "_" + coefficientHash(set.params()).substring(0, 8);
  }

  /**
   * SHA-256 (hex) of the coefficients alone: K as int32 then h, T and d as float32 bits, all
   * little-endian. The name and provenance do not enter, unlike {@link
   * org.fsneurons.core.coeff.CoefficientFiles#sha256}.
   */
  static String coefficientHash(FsParams p) {
    ByteBuffer bb = ByteBuffer.allocate(4 + 12 * p.k()).order(ByteOrder.LITTLE_ENDIAN);
    bb.putInt(p.k());
    for (float[] a : new float[][] {p.h(), p.T(), p.d()}) {
      for (float f : a) {
        bb.putInt(Float.floatToRawIntBits(f));
      }
    }
    return Sha256.hex(bb.array());
  }

  /**
   * The function defining the set's semantics with the given body, in the given default-domain
   * opset version (6 or later).
   *
   * <p>{@link FsBody#DYNAMICS}: the K steps unrolled in float32 in the reference's order ({@code
   * z_t = Cast(v > T_t)}, {@code out += d_t z_t}, {@code v -= h_t z_t}), so Y equals {@link
   * org.fsneurons.core.neuron.FsNeuron} element for element (a zero output may differ in sign).
   * {@link FsBody#TABLE}: the exact lookup described in {@link TableBody}; when its grid would
   * exceed {@value TableBody#MAX_CELLS} cells (breakpoints too close for their range) the dynamics
   * body is emitted instead and a warning is logged; a neuron too costly to compile (see {@link
   * CompiledFs#compile(FsParams, String)}) is refused with a {@link UserInputException} that says
   * how to proceed. S is the int64 scalar total {@code ReduceSum(Cast(spike counts, int64),
   * keepdims=0)} in both bodies.
   */
  public static FunctionProto function(CoefficientSet set, FsBody body, int opsetVersion) {
    if (opsetVersion < MIN_OPSET) {
      throw new IllegalArgumentException(
          "the FS operator needs default-domain opset "
              + MIN_OPSET
              + " or later, found "
              + opsetVersion);
    }
    BodyBuilder g = new BodyBuilder(opsetVersion);
    FsBody used = body;
    if (body == FsBody.TABLE) {
      TableBody table = table(set);
      if (table == null) {
        used = FsBody.DYNAMICS;
      } else {
        table.emit(g, "X", "Y", "S");
      }
    }
    if (used == FsBody.DYNAMICS) {
      dynamics(g, set.params(), "X", "Y", "S");
    }
    return FunctionProto.newBuilder()
        .setDomain(DOMAIN)
        .setName(OP_TYPE)
        .setOverload(overloadId(set))
        .addInput("X")
        .addOutput("Y")
        .addOutput("S")
        .addAttribute(ATTR_H)
        .addAttribute(ATTR_T)
        .addAttribute(ATTR_D)
        .addAllNode(g.nodes())
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opsetVersion))
        .setDocString("FS neuron '" + set.name() + "' (K=" + set.k() + "), " + used.id() + " body")
        .build();
  }

  /**
   * The table for a set, or null (with a warning) when its grid would be too fine and the dynamics
   * body must be used instead.
   *
   * @throws UserInputException when the set is too costly to compile (too many pieces or too much
   *     work, e.g. a binary FS-ReLU with K &gt; 22): the message names the set and says how to
   *     proceed
   */
  static TableBody table(CoefficientSet set) {
    CompiledFs c = CompiledFs.compile(set.params(), "FS set '" + set.name() + "'");
    TableBody t = TableBody.build(c);
    if (t == null) {
      LOG.warn(
          "FS set '{}': a table body would need more than {} cells ({} pieces, smallest breakpoint gap {}); "
              + "using the dynamics body",
          set.name(),
          TableBody.MAX_CELLS,
          c.pieces(),
          c.minGap());
    } else {
      LOG.debug(
          "FS set '{}': table body with {} cells (lo={}, inv={}) for {} pieces",
          set.name(),
          t.n,
          t.lo,
          t.inv,
          c.pieces());
    }
    return t;
  }

  private static void dynamics(BodyBuilder g, FsParams p, String x, String yOut, String sOut) {
    String v = x;
    String out = null;
    String zsum = null;
    int k = p.k();
    for (int t = 0; t < k; t++) {
      String z =
          g.cast(
              g.binary("Greater", v, g.scalar("T" + t, p.T(t)), true, "gt" + t),
              TensorProto.DataType.FLOAT_VALUE,
              "z" + t);
      String dz = g.binary("Mul", z, g.scalar("d" + t, p.d(t)), true, "dz" + t);
      // out starts at 0: 0 + d*z equals d*z up to the sign of a zero
      out = out == null ? dz : g.binary("Add", out, dz, false, "out" + t);
      zsum = zsum == null ? z : g.binary("Add", zsum, z, false, "zsum" + t);
      if (t < k - 1
          && p.h(t) != 0f) { // v - 0*z == v (up to the sign of zero, which no comparison sees)
        v =
            g.binary(
                "Sub",
                v,
                g.binary("Mul", z, g.scalar("h" + t, p.h(t)), true, "hz" + t),
                false,
                "v" + (t + 1));
      }
    }
    g.identity(out, yOut);
    g.reduceSumAll(g.cast(zsum, TensorProto.DataType.INT64_VALUE, "spikes"), sOut);
  }

  /**
   * A node applying the set to {@code x}, writing {@code y} and, when {@code spikes} is non-null,
   * the spike total.
   */
  public static NodeProto node(String name, CoefficientSet set, String x, String y, String spikes) {
    return NodeProto.newBuilder()
        .setName(name)
        .setDomain(DOMAIN)
        .setOpType(OP_TYPE)
        .setOverload(overloadId(set))
        .addInput(x)
        .addOutput(y)
        .addOutput(spikes == null ? "" : spikes)
        .addAttribute(floats(ATTR_H, set.params().h()))
        .addAttribute(floats(ATTR_T, set.params().T()))
        .addAttribute(floats(ATTR_D, set.params().d()))
        .build();
  }

  private static AttributeProto floats(String name, float[] v) {
    AttributeProto.Builder a =
        AttributeProto.newBuilder().setName(name).setType(AttributeType.FLOATS);
    for (float f : v) {
      a.addFloats(f);
    }
    return a.build();
  }

  /**
   * A complete one-node model: input "x" float of {@code shape} (a negative entry is a symbolic
   * dimension), output "y" and, when {@code withSpikes}, "spikes" (int64 scalar); default-domain
   * opset {@code opsetVersion}.
   */
  public static ModelProto singleNodeModel(
      CoefficientSet set, FsBody body, long[] shape, boolean withSpikes, int opsetVersion) {
    TensorShapeProto.Builder dims = TensorShapeProto.newBuilder();
    int symbolic = 0;
    for (long d : shape) {
      if (d < 0) {
        dims.addDim(Dimension.newBuilder().setDimParam(symbolic == 0 ? "N" : "N" + symbolic));
        symbolic++;
      } else {
        dims.addDim(Dimension.newBuilder().setDimValue(d));
      }
    }
    GraphProto.Builder graph =
        GraphProto.newBuilder()
            .setName("fs_" + overloadId(set))
            .addInput(valueInfo("x", TensorProto.DataType.FLOAT_VALUE, dims.build()))
            .addOutput(valueInfo("y", TensorProto.DataType.FLOAT_VALUE, dims.build()))
            .addNode(node("fs", set, "x", "y", withSpikes ? "spikes" : null));
    if (withSpikes) {
      graph.addOutput(
          valueInfo(
              "spikes", TensorProto.DataType.INT64_VALUE, TensorShapeProto.getDefaultInstance()));
    }
    return ModelProto.newBuilder()
        .setIrVersion(MIN_IR_VERSION)
        .setProducerName("fsneurons")
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opsetVersion))
        .addOpsetImport(
            OperatorSetIdProto.newBuilder().setDomain(DOMAIN).setVersion(DOMAIN_VERSION))
        .setGraph(graph)
        .addFunctions(function(set, body, opsetVersion))
        .build();
  }

  private static ValueInfoProto valueInfo(String name, int elemType, TensorShapeProto shape) {
    return ValueInfoProto.newBuilder()
        .setName(name)
        .setType(
            TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(elemType).setShape(shape)))
        .build();
  }
}
