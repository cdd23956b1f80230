package org.fsneurons.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.fsneurons.core.approx.ApproxStats;
import org.fsneurons.core.approx.InputDistribution;
import org.fsneurons.core.coeff.CoefficientSet;
import org.fsneurons.core.coeff.CoefficientSets;
import org.fsneurons.core.coeff.TargetFunction;
import org.junit.jupiter.api.Test;

class ApproxReportTest {
  @Test
  void swishOnMinus8To12IsWhatApproxPrints() {
    CoefficientSet swish = CoefficientSets.bundled("swish");
    ApproxReport r =
        ApproxReport.measure(swish, swish.target(), new InputDistribution.Uniform(-8, 12, 100_000));
    // the lines of './fs approx --coeffs swish --uniform -8,12' (before this class existed)
    assertEquals(
        List.of(
            "coeffs: swish",
            "target: swish",
            "points: 100000",
            "mse: 0.0034458903330957264",
            "max_abs_error: 0.29516357482210687",
            "mean_spikes: 4.16903",
            "pieces: 106",
            "k: 16"),
        r.lines());
    assertEquals(
        List.of("mse", "max_abs_error", "mean_spikes", "k", "points"),
        List.copyOf(r.metrics().keySet()));
    assertEquals(16.0, r.metrics().get("k"));
    assertEquals(100_000.0, r.metrics().get("points"));
  }

  @Test
  void aFitIsReportedOnItsOwnPointsOrMeasuredAgain() {
    CoefficientSet swish = CoefficientSets.bundled("swish");
    ApproxStats own = new ApproxStats(0.5, 1, 2, 3);
    FitResult fit = new FitResult(swish, own, 0.5, 1, 1, 0.1, false);
    assertSame(own, ApproxReport.of(fit, TargetFunction.SWISH, null).stats());
    InputDistribution normal = new InputDistribution.Normal(0, 2, 1000, 3);
    assertEquals(
        ApproxReport.measure(swish, TargetFunction.SWISH, normal).stats(),
        ApproxReport.of(fit, TargetFunction.SWISH, normal).stats());
    // './fs approx --coeffs swish --normal 0,2 --samples 1000 --seed 3'
    assertEquals(
        0.0024972443180426023, ApproxReport.of(fit, TargetFunction.SWISH, normal).stats().mse());
  }
}
