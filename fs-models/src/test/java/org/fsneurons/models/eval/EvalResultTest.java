package org.fsneurons.models.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The metric names and values of an evaluation. */
class EvalResultTest {
  @Test
  void metricsNameTheAnnNumbersAndTheFsOnesOnlyWhenTheFsNetworkRan() {
    EvalResult ann =
        new EvalResult(
            10, 0.5, 0.9, Double.NaN, Double.NaN, 0, 0, 0, 0, List.of(), 1, 2, null, null);
    assertEquals(
        List.of("images", "ann_top1", "ann_top5", "nonfinite_outputs"),
        List.copyOf(ann.metrics().keySet()));
    assertEquals(2.0, ann.metrics().get("nonfinite_outputs"));
    EvalResult fs =
        new EvalResult(10, 0.5, 0.9, 0.25, 0.75, 100, 1.5, 0.1, 0.2, List.of(), 1, 0, null, null);
    assertEquals(
        List.of(
            "images",
            "ann_top1",
            "ann_top5",
            "nonfinite_outputs",
            "fs_top1",
            "fs_top5",
            "fs_minus_ann_top1",
            "neurons",
            "spikes_per_neuron",
            "fs_input_mean",
            "fs_input_std"),
        List.copyOf(fs.metrics().keySet()));
    assertEquals(-0.25, fs.metrics().get("fs_minus_ann_top1"));
    assertEquals(100.0, fs.metrics().get("neurons"));
  }
}
