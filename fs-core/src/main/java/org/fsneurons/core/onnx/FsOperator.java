package org.fsneurons.core.onnx;

import ai.onnx.proto.OnnxMl.FunctionProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import org.fsneurons.core.coeff.CoefficientSet;

/**
 * The FS operator in ONNX.
 *
 * <ul>
 *   <li>Node: domain {@value #DOMAIN} (version {@value #DOMAIN_VERSION}), op_type {@value #OP_TYPE}, one input X
 *       (float tensor, any shape), outputs [Y, S]: Y float of X's shape, S the int64 scalar spike total over all of
 *       X's elements. Every function output is listed on the node: {@code [Y, ""]} when the total is not wanted.
 *   <li>Attributes (FLOATS, equal length K): {@value #ATTR_H}, {@value #ATTR_T}, {@value #ATTR_D}. A native kernel
 *       computes from these alone.
 *   <li>Semantics: a model-local FunctionProto per coefficient set, told apart by the IR-10 {@code overload} field
 *       ({@link #overloadId}); the node carries the same overload. The body holds the set's constants, written in
 *       the model's own default-domain opset (the function imports the same opset version as the model).
 *   <li>Models using it import domain {@value #DOMAIN} version 1 and have IR version &ge; {@value #MIN_IR_VERSION}.
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

  private FsOperator() {}

  /** Overload id of a set: its name made identifier-safe plus 8 hex digits of its coefficients' SHA-256. */
  public static String overloadId(CoefficientSet set) {
    throw new UnsupportedOperationException("TODO");
  }

  /** The function defining the set's semantics with the given body, in the given default-domain opset version. */
  public static FunctionProto function(CoefficientSet set, FsBody body, int opsetVersion) {
    throw new UnsupportedOperationException("TODO");
  }

  /**
   * A node applying the set to {@code x}, writing {@code y} and, when {@code spikes} is non-null, the spike total.
   */
  public static NodeProto node(String name, CoefficientSet set, String x, String y, String spikes) {
    throw new UnsupportedOperationException("TODO");
  }

  /**
   * A complete one-node model: input "x" float of {@code shape} (a negative entry is a symbolic dimension), output
   * "y" and, when {@code withSpikes}, "spikes" (int64 scalar); default-domain opset {@code opsetVersion}.
   */
  public static ModelProto singleNodeModel(
      CoefficientSet set, FsBody body, long[] shape, boolean withSpikes, int opsetVersion) {
    throw new UnsupportedOperationException("TODO");
  }
}
