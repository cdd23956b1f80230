package org.fsneurons.experiments.runner.adapter;

import java.nio.file.Path;
import java.util.Map;
import org.fsneurons.experiments.runner.Measurement;
import org.fsneurons.experiments.runner.RunContext;
import org.fsneurons.experiments.runner.SkipException;

/**
 * Evaluates an ONNX model as ANN and as FS network on a dataset.
 *
 * <p>Metrics: {@code ann_top1}, {@code ann_top5}, {@code fs_top1}, {@code fs_top5} (fractions in [0, 1]),
 * {@code images}, {@code neurons}, {@code spikes_per_neuron} (mean spikes per FS neuron per image),
 * {@code fs_input_mean}, {@code fs_input_std} (statistics of the inputs to the FS neurons). Params:
 * {@code dataset}, {@code images}, {@code execution_provider}, {@code coeffs.<OpType>.name} and
 * {@code coeffs.<OpType>.sha256} of each set used ({@code AccuracyRunner} adds {@code model.sha256}). Per-layer CSV: one row per
 * FS layer (node, op type, neurons, spikes per neuron, input mean/std).
 *
 * <p>A dataset that is not present here is a {@link SkipException}, e.g.
 * {@code dataset imagenet: ${IMAGENET_DIR} not set}.
 */
public interface AccuracyAdapter {
  /** Resolved settings of {@code kind: accuracy}; null means the adapter's default. */
  record Request(Path model, String dataset, boolean fs, Map<String, String> map, String body, Integer calibrate,
      Double percentile, Integer reluK, Integer limit, Integer batch) {
    public Request {
      map = map == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(map));
    }
  }

  Measurement evaluate(Request request, RunContext ctx) throws SkipException;
}
