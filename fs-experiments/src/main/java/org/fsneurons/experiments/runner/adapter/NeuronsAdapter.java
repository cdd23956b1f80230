package org.fsneurons.experiments.runner.adapter;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.fsneurons.experiments.runner.Measurement;
import org.fsneurons.experiments.runner.RunContext;
import org.fsneurons.experiments.runner.SkipException;

/**
 * Counts the neurons an FS conversion creates (built-in architecture or ONNX model).
 *
 * <p>Metrics: {@code neurons} (total activations converted to FS neurons), optionally {@code neurons.<OpType>} per
 * activation type and {@code layers}. Params: {@code arch} or {@code model.sha256}, {@code input}. Per-layer CSV:
 * one row per converted activation (node, op type, shape, neurons).
 */
public interface NeuronsAdapter {
  /**
   * What to count; exactly one of {@code arch} or {@code model} is set. {@code input} is {@code [height, width,
   * channels]} (null: the architecture's default).
   */
  record Request(String arch, List<Integer> input, Path model, Map<String, String> map) {
    public Request {
      input = input == null ? null : List.copyOf(input);
      map = map == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(map));
    }
  }

  Measurement countNeurons(Request request, RunContext ctx) throws SkipException;
}
