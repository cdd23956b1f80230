package org.fsneurons.experiments.config;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.fsneurons.models.convert.ActivationKind;

/**
 * The metric names each kind of experiment reports (the runners and adapters emit exactly these),
 * so that a misspelled name in {@code expect:} is refused when the file is read instead of failing
 * as "missing" after the experiment ran. {@code neurons.<OpType>} stands for one name per
 * activation type (e.g. {@code neurons.Relu}).
 */
public final class Metrics {
  private static final String PER_OP = "neurons.";

  private static final Map<Kind, List<String>> BY_KIND =
      Map.of(
          Kind.APPROXIMATION, List.of("mse", "max_abs_error", "mean_spikes", "k", "points"),
          Kind.NEURONS, List.of("neurons", "layers", "kept_layers"),
          Kind.ACCURACY,
              List.of(
                  "ann_top1",
                  "ann_top5",
                  "fs_top1",
                  "fs_top5",
                  "fs_minus_ann_top1",
                  "images",
                  "neurons",
                  "spikes_per_neuron",
                  "fs_input_mean",
                  "fs_input_std",
                  "nonfinite_outputs",
                  "synops",
                  "ann_macs",
                  "synops_per_mac",
                  "energy_ratio",
                  "images_per_s",
                  "seconds"),
          Kind.FIT, List.of("mse", "max_abs_error", "mean_spikes", "k", "seconds"),
          Kind.BENCH,
              List.of(
                  "ann_ms",
                  "fs_ms",
                  "fs_over_ann",
                  "ms_per_batch",
                  "images_per_s",
                  "fs_layers_share"));

  private static final List<String> OPS =
      Arrays.stream(ActivationKind.values()).map(ActivationKind::opName).toList();

  private Metrics() {}

  /** Whether an experiment of {@code kind} reports a metric of this name. */
  public static boolean known(Kind kind, String metric) {
    return BY_KIND.get(kind).contains(metric)
        || kind == Kind.NEURONS
            && metric.startsWith(PER_OP)
            && OPS.contains(metric.substring(PER_OP.length()));
  }

  /**
   * The names, for messages: e.g. {@code neurons, layers, kept_layers, neurons.<OpType> (Relu,
   * Sigmoid, ...)}.
   */
  public static String allowed(Kind kind) {
    String perOp = PER_OP + "<OpType> (OpType: " + String.join(", ", OPS) + ")";
    return String.join(", ", BY_KIND.get(kind)) + (kind == Kind.NEURONS ? ", " + perOp : "");
  }
}
