package org.fsneurons.models.convert;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Finds activations in a graph: single activation ops, swish as Mul(x, Sigmoid(x)) in either
 * operand order (the Sigmoid feeding only that Mul), and GELU as the erf pattern PyTorch exports
 * ({@code x * 0.5 * (1 + erf(x / √2))} in its usual operand orders). A Sigmoid that is part of a
 * swish is not reported on its own.
 */
public final class ActivationFinder {
  private final GraphProto g;
  private final Map<String, Integer> producer = new HashMap<>();
  private final Map<String, List<Integer>> consumers = new HashMap<>();
  private final Map<String, TensorProto> constants = new HashMap<>();
  private final Set<String> graphOutputs = new HashSet<>();

  private ActivationFinder(GraphProto g) {
    this.g = g;
    for (TensorProto t : g.getInitializerList()) {
      constants.put(t.getName(), t);
    }
    for (int i = 0; i < g.getNodeCount(); i++) {
      NodeProto n = g.getNode(i);
      for (String o : n.getOutputList()) {
        producer.put(o, i);
      }
      for (String in : n.getInputList()) {
        consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(i);
      }
      if (n.getOpType().equals("Constant") && n.getDomain().isEmpty()) {
        for (AttributeProto a : n.getAttributeList()) {
          if (a.getName().equals("value") && a.hasT()) {
            constants.put(n.getOutput(0), a.getT());
          }
        }
      }
    }
    g.getOutputList().forEach(o -> graphOutputs.add(o.getName()));
  }

  /** All activations of a graph, in node order. */
  public static List<Activation> find(GraphProto g) {
    return new ActivationFinder(g).findAll();
  }

  private List<Activation> findAll() {
    List<Activation> found = new ArrayList<>();
    Set<Integer> used = new HashSet<>();
    // patterns first, so their inner nodes are not reported on their own
    for (int i = 0; i < g.getNodeCount(); i++) {
      NodeProto n = g.getNode(i);
      if (!n.getDomain().isEmpty()) {
        continue;
      }
      if (n.getOpType().equals("Mul")) {
        Activation a = swish(i);
        if (a != null && !overlaps(a, used)) {
          found.add(a);
          used.addAll(a.nodeIndices());
        }
      } else if (n.getOpType().equals("Erf")) {
        Activation a = geluErf(i);
        if (a != null && !overlaps(a, used)) {
          found.add(a);
          used.addAll(a.nodeIndices());
        }
      }
    }
    for (int i = 0; i < g.getNodeCount(); i++) {
      NodeProto n = g.getNode(i);
      if (used.contains(i)
          || !n.getDomain().isEmpty()
          || n.getInputCount() < 1
          || n.getOutputCount() < 1) {
        continue;
      }
      int idx = i;
      ActivationKind.ofOp(n.getOpType())
          .ifPresent(
              k ->
                  found.add(
                      new Activation(k, name(idx), n.getInput(0), n.getOutput(0), List.of(idx))));
    }
    found.sort((a, b) -> Integer.compare(last(a), last(b)));
    return found;
  }

  private static int last(Activation a) {
    return a.nodeIndices().stream().mapToInt(Integer::intValue).max().orElse(0);
  }

  private static boolean overlaps(Activation a, Set<Integer> used) {
    return a.nodeIndices().stream().anyMatch(used::contains);
  }

  private String name(int i) {
    NodeProto n = g.getNode(i);
    return n.getName().isEmpty() ? n.getOpType() + "_" + i : n.getName();
  }

  /** Only the given node reads {@code tensor}, and it is not a graph output. */
  private boolean privateTensor(String tensor, int reader) {
    List<Integer> c = consumers.getOrDefault(tensor, List.of());
    return c.size() == 1 && c.get(0) == reader && !graphOutputs.contains(tensor);
  }

  private Activation swish(int mulIdx) {
    NodeProto mul = g.getNode(mulIdx);
    if (mul.getInputCount() != 2) {
      return null;
    }
    for (int side = 0; side < 2; side++) {
      String x = mul.getInput(side);
      String s = mul.getInput(1 - side);
      Integer sIdx = producer.get(s);
      if (sIdx == null) {
        continue;
      }
      NodeProto sig = g.getNode(sIdx);
      if (sig.getOpType().equals("Sigmoid")
          && sig.getDomain().isEmpty()
          && sig.getInput(0).equals(x)
          && privateTensor(s, mulIdx)) {
        return new Activation(
            ActivationKind.SWISH, name(mulIdx), x, mul.getOutput(0), List.of(sIdx, mulIdx));
      }
    }
    return null;
  }

  /** x·0.5·(1 + erf(x/√2)) with the division written as Div by √2 or Mul by 1/√2. */
  private Activation geluErf(int erfIdx) {
    NodeProto erf = g.getNode(erfIdx);
    Integer scaleIdx = producer.get(erf.getInput(0));
    if (scaleIdx == null || !privateTensor(erf.getInput(0), erfIdx)) {
      return null;
    }
    NodeProto scale = g.getNode(scaleIdx);
    String x = null;
    if (scale.getOpType().equals("Div") && near(constant(scale.getInput(1)), Math.sqrt(2))) {
      x = scale.getInput(0);
    } else if (scale.getOpType().equals("Mul")) {
      for (int s = 0; s < 2; s++) {
        if (near(constant(scale.getInput(1 - s)), Math.sqrt(0.5))) {
          x = scale.getInput(s);
        }
      }
    }
    if (x == null) {
      return null;
    }
    // erf + 1
    List<Integer> addC = consumers.getOrDefault(erf.getOutput(0), List.of());
    if (addC.size() != 1) {
      return null;
    }
    int addIdx = addC.get(0);
    NodeProto add = g.getNode(addIdx);
    if (!add.getOpType().equals("Add")
        || !near(constant(other(add, erf.getOutput(0))), 1.0)
        || !privateTensor(erf.getOutput(0), addIdx)) {
      return null;
    }
    String t = add.getOutput(0);
    List<Integer> m1C = consumers.getOrDefault(t, List.of());
    if (m1C.size() != 1 || graphOutputs.contains(t)) {
      return null;
    }
    int m1Idx = m1C.get(0);
    NodeProto m1 = g.getNode(m1Idx);
    if (!m1.getOpType().equals("Mul")) {
      return null;
    }
    String o1 = other(m1, t);
    List<Integer> nodes = new ArrayList<>(List.of(scaleIdx, erfIdx, addIdx, m1Idx));
    if (o1 == null) {
      return null;
    }
    if (o1.equals(x) || near(constant(o1), 0.5)) {
      // (x * t) * 0.5   or   (t * 0.5) * x
      String m1out = m1.getOutput(0);
      List<Integer> m2C = consumers.getOrDefault(m1out, List.of());
      if (m2C.size() != 1 || graphOutputs.contains(m1out)) {
        return null;
      }
      int m2Idx = m2C.get(0);
      NodeProto m2 = g.getNode(m2Idx);
      if (!m2.getOpType().equals("Mul")) {
        return null;
      }
      String o2 = other(m2, m1out);
      boolean ok = o1.equals(x) ? near(constant(o2), 0.5) : x.equals(o2);
      if (!ok) {
        return null;
      }
      nodes.add(m2Idx);
      return new Activation(ActivationKind.GELU, name(m2Idx), x, m2.getOutput(0), nodes);
    }
    // (x * 0.5) * t
    Integer pIdx = producer.get(o1);
    if (pIdx == null || !privateTensor(o1, m1Idx)) {
      return null;
    }
    NodeProto p = g.getNode(pIdx);
    if (p.getOpType().equals("Mul") && p.getInputCount() == 2) {
      for (int s = 0; s < 2; s++) {
        if (p.getInput(s).equals(x) && near(constant(p.getInput(1 - s)), 0.5)) {
          nodes.add(pIdx);
          return new Activation(ActivationKind.GELU, name(m1Idx), x, m1.getOutput(0), nodes);
        }
      }
    }
    return null;
  }

  private static String other(NodeProto n, String one) {
    if (n.getInputCount() != 2) {
      return null;
    }
    if (n.getInput(0).equals(one)) {
      return n.getInput(1);
    }
    if (n.getInput(1).equals(one)) {
      return n.getInput(0);
    }
    return null;
  }

  private static boolean near(OptionalDouble v, double want) {
    return v.isPresent() && Math.abs(v.getAsDouble() - want) <= 1e-3 * Math.abs(want);
  }

  /** Value of a one-element float/double constant (initializer or Constant node). */
  private OptionalDouble constant(String name) {
    if (name == null) {
      return OptionalDouble.empty();
    }
    TensorProto t = constants.get(name);
    if (t == null) {
      return OptionalDouble.empty();
    }
    long n = 1;
    for (long d : t.getDimsList()) {
      n *= d;
    }
    if (n != 1) {
      return OptionalDouble.empty();
    }
    switch (t.getDataType()) {
      case 1: // FLOAT
        if (t.getFloatDataCount() == 1) {
          return OptionalDouble.of(t.getFloatData(0));
        }
        if (t.getRawData().size() == 4) {
          return OptionalDouble.of(
              ByteBuffer.wrap(t.getRawData().toByteArray())
                  .order(ByteOrder.LITTLE_ENDIAN)
                  .getFloat());
        }
        return OptionalDouble.empty();
      case 11: // DOUBLE
        if (t.getDoubleDataCount() == 1) {
          return OptionalDouble.of(t.getDoubleData(0));
        }
        if (t.getRawData().size() == 8) {
          return OptionalDouble.of(
              ByteBuffer.wrap(t.getRawData().toByteArray())
                  .order(ByteOrder.LITTLE_ENDIAN)
                  .getDouble());
        }
        return OptionalDouble.empty();
      default:
        return OptionalDouble.empty();
    }
  }
}
