package org.fsneurons.models.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link EvalResult#metrics}: names, order, types; the FS metrics only when FS ran. */
class EvalResultTest {
  @Test
  void metricsAreTheAnnsThenWithFsTheFsNetworksInEvalsOrder() {
    EvalResult both = SweepTest.result(0.8, 0.5);
    Map<String, Number> m = both.metrics();
    assertEquals(
        List.of(
            "images",
            "ann_top1",
            "ann_top5",
            "nonfinite_outputs",
            "fs_top1",
            "fs_top5",
            "neurons",
            "spikes_per_neuron",
            "fs_input_mean",
            "fs_input_std"),
        List.copyOf(m.keySet()));
    assertEquals(10L, m.get("images"));
    assertEquals(0.9, m.get("ann_top1"));
    assertEquals(100L, m.get("neurons"));
    assertEquals(0.5, m.get("spikes_per_neuron"));
    assertEquals(1.1, m.get("fs_input_std"));
    EvalResult annOnly =
        new EvalResult(
            10, 0.9, 1.0, Double.NaN, Double.NaN, 0, 0, 0, 0, List.of(), 0.5, 2, null, null);
    assertEquals(
        Map.of("images", 10L, "ann_top1", 0.9, "ann_top5", 1.0, "nonfinite_outputs", 2L),
        annOnly.metrics());
  }
}
