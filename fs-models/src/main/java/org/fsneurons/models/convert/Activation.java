package org.fsneurons.models.convert;

import java.util.List;

/**
 * One activation found in a graph: its kind, the node that names it (the activation op, or the
 * final Mul of a pattern), the tensor it reads, the tensor it writes, and every node it consists of
 * (removed on replacement).
 */
public record Activation(
    ActivationKind kind, String name, String input, String output, List<Integer> nodeIndices) {
  public Activation {
    nodeIndices = List.copyOf(nodeIndices);
  }
}
