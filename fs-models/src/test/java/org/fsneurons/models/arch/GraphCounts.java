package org.fsneurons.models.arch;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Counts read off a model's graph alone, for the tests: neurons per activation kind (elements of
 * the activation's tensor from {@code value_info}, batch excluded) and parameters.
 */
final class GraphCounts {
  private GraphCounts() {}

  /** Neurons per activation kind. */
  record Neurons(long relu, long swish, long sigmoid) {}

  /**
   * Relu: elements of each Relu output. Swish: for each {@code Mul(x, Sigmoid(x))} (either operand
   * order) the elements of x. Sigmoid: elements of each Sigmoid output that is not part of a swish
   * pattern.
   */
  static Neurons neurons(ModelProto model) {
    GraphProto g = model.getGraph();
    Map<String, Long> elements = new HashMap<>();
    for (ValueInfoProto v : g.getValueInfoList()) {
      elements.put(v.getName(), elements(v));
    }
    Map<String, NodeProto> sigmoidByOutput = new HashMap<>();
    for (NodeProto n : g.getNodeList()) {
      if (n.getOpType().equals("Sigmoid")) {
        sigmoidByOutput.put(n.getOutput(0), n);
      }
    }
    long relu = 0;
    long swish = 0;
    long sigmoid = 0;
    Set<String> swishSigmoids = new HashSet<>();
    for (NodeProto n : g.getNodeList()) {
      switch (n.getOpType()) {
        case "Relu" -> relu += get(elements, n.getOutput(0));
        case "Mul" -> {
          for (int i = 0; i < 2; i++) {
            NodeProto s = sigmoidByOutput.get(n.getInput(i));
            String other = n.getInput(1 - i);
            if (s != null && s.getInput(0).equals(other)) {
              swish += get(elements, other);
              swishSigmoids.add(s.getOutput(0));
              break;
            }
          }
        }
        default -> {}
      }
    }
    for (String s : sigmoidByOutput.keySet()) {
      if (!swishSigmoids.contains(s)) {
        sigmoid += get(elements, s);
      }
    }
    return new Neurons(relu, swish, sigmoid);
  }

  /** Elements of all initializers, optionally without batch-norm running statistics. */
  static long parameters(ModelProto model, boolean trainableOnly) {
    long total = 0;
    for (TensorProto t : model.getGraph().getInitializerList()) {
      if (trainableOnly
          && (t.getName().endsWith("/moving_mean") || t.getName().endsWith("/moving_variance"))) {
        continue;
      }
      long n = 1;
      for (long d : t.getDimsList()) {
        n *= d;
      }
      total += n;
    }
    return total;
  }

  static long elements(ValueInfoProto v) {
    long n = 1;
    for (TensorShapeProto.Dimension d : v.getType().getTensorType().getShape().getDimList()) {
      if (d.hasDimValue()) {
        n *= d.getDimValue();
      }
    }
    return n;
  }

  private static long get(Map<String, Long> elements, String tensor) {
    Long n = elements.get(tensor);
    if (n == null) {
      throw new AssertionError("no value_info for " + tensor);
    }
    return n;
  }
}
