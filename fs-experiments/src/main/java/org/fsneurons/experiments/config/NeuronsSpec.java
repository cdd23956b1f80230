package org.fsneurons.experiments.config;

import java.util.LinkedHashMap;
import java.util.List;
import org.fsneurons.models.arch.Architectures;

/**
 * {@code kind: neurons}: the neuron count of a built-in architecture ({@code arch} + {@code input})
 * or an ONNX model.
 */
public final class NeuronsSpec extends ExperimentSpec {
  /** Built-in architecture name (e.g. resnet50-cifar, resnet50-imagenet, efficientnet-b7). */
  public String arch;

  /**
   * Input size as {@code [height, width, channels]} (as the official TensorFlow code), e.g. {@code
   * [32, 32, 3]}; default: the architecture's own.
   */
  public List<Integer> input;

  /** An ONNX model file (relative to the YAML file; may use ${VAR}). */
  public String model;

  /** Activation op type to coefficient set name or {@code keep}, e.g. {@code {Sigmoid: keep}}. */
  public LinkedHashMap<String, String> map;

  @Override
  void check() {
    exactlyOne(
        "give exactly one of 'arch' (a built-in architecture) or 'model' (an ONNX file)",
        arch,
        model);
    checkNow(arch, "arch", Architectures::defaultInput);
    if (input != null) {
      if (arch == null) {
        throw new IllegalArgumentException(
            "'input' goes with 'arch'; an ONNX model declares its own input");
      }
      if (input.size() != 3 || input.stream().anyMatch(d -> d == null || d < 1)) {
        throw new IllegalArgumentException( // checked here, not when the experiment runs
            "'input' must be positive sizes [height, width, channels], e.g. [32, 32, 3], found "
                + input);
      }
    }
    checkMap(map);
  }
}
