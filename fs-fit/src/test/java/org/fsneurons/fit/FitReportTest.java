package org.fsneurons.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.fsneurons.core.approx.ApproxStats;
import org.fsneurons.core.coeff.CoefficientSet;
import org.fsneurons.core.coeff.CoefficientSets;
import org.fsneurons.core.coeff.TargetFunction;
import org.junit.jupiter.api.Test;

class FitReportTest {
  static FitRequest request(Quantization q) {
    return new FitRequest(
        "f1",
        FitTarget.of(TargetFunction.SWISH),
        16,
        new InputWeighting.Uniform(-8, 12),
        q,
        FitOptions.defaults().withSeed(3));
  }

  @Test
  void linesInTheOrderFitPrintsThem() {
    CoefficientSet swish = CoefficientSets.bundled("swish");
    FitResult r =
        new FitResult(
            swish.withParams("f1", swish.params(), Map.of()),
            new ApproxStats(0.25, 0.5, 1.5, 100000),
            0.3,
            2,
            2,
            9.24,
            false);
    assertEquals(
        List.of(
            "name: f1",
            "target: swish",
            "k: 16",
            "weighting: uniform[-8.0, 12.0]",
            "quantization: none",
            "points: 100000",
            "mse: 0.25",
            "max_abs_error: 0.5",
            "mean_spikes: 1.5",
            "loss: 0.3",
            "seed: 3",
            "restarts: 2/2",
            "time_limit_hit: false",
            "seconds: 9.2",
            "out: f1.json"),
        FitReport.lines(request(null), r, Path.of("f1.json")));
  }

  @Test
  void aNonFiniteMseGetsANoteAndAQuantizationIsDescribed() {
    FitResult r =
        new FitResult(
            CoefficientSets.bundled("swish"),
            new ApproxStats(Double.NaN, Double.NaN, 1, 10),
            Double.NaN,
            1,
            2,
            1,
            true);
    List<String> l = FitReport.lines(request(Quantization.official(8)), r, Path.of("x.json"));
    assertEquals("quantization: " + Quantization.official(8).describe(), l.get(4));
    assertEquals(
        "note: mse is NaN: the target or the FS output is not finite on these inputs",
        l.get(l.size() - 1));
  }
}
