package org.fsneurons.models.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.fsneurons.core.coeff.CoefficientSet;
import org.junit.jupiter.api.Test;

/**
 * The alpha and percentile maths of {@link Calibrator#reluSets}, on hand-made histograms (no
 * network run).
 */
class CalibratorTest {
  /**
   * Layer "a": largest input 10, 100 positive inputs in 10 bins of width 1 over (0, 10]: 50, 30,
   * 10, 5, 3, 2, 0... Layer "b": no positive input (largest input 0).
   */
  static Calibrator.ReluInputs inputs() {
    long[] a = {50, 30, 10, 5, 3, 2, 0, 0, 0, 0};
    return new Calibrator.ReluInputs(
        List.of("a", "b"),
        new double[] {10, 0},
        new long[][] {a, new long[10]},
        "fashion-mnist:train:100");
  }

  @Test
  void maximumGivesAlphaEqualToMaxOverOneMinusTwoToTheMinusK() {
    List<Calibrator.LayerCalibration> report = new ArrayList<>();
    Map<String, CoefficientSet> sets =
        Calibrator.reluSets(inputs(), OptionalDouble.empty(), 10, report);
    // alpha = v / (1 - 2^-K): K = 10, v = 10 -> 10 * 1024 / 1023
    assertEquals(new Calibrator.LayerCalibration("a", 10, 10, 10240.0 / 1023), report.get(0));
    assertEquals(10.009775171065494, report.get(0).alpha(), 1e-15);
    // a layer with no positive input keeps alpha 1
    assertEquals(new Calibrator.LayerCalibration("b", 0, 0, 1.0), report.get(1));
    // the set's thresholds are alpha * 2^-(t+1): the largest code, sum over t of alpha 2^-(t+1), is
    // exactly v = 10
    float[] h = sets.get("a").params().h();
    assertEquals((float) (10240.0 / 1023 / 2), h[0]);
    double top = 0;
    for (float x : sets.get("a").params().d()) {
      top += x;
    }
    assertEquals(10, top, 1e-5);
    assertEquals(
        "maximum input over fashion-mnist:train:100 = 10.0",
        sets.get("a").provenance().get("calibration"));
  }

  @Test
  void percentileIsTheUpperEdgeOfTheBinWhereTheCumulativeCountReachesIt() {
    // cumulative counts 50, 80, 90, 95, 98, 100: P50 -> bin 1 (edge 1), P80 -> edge 2, P95 -> edge
    // 4,
    // P99 (target ceil(99) = 99) -> edge 6, P99.9 (target 100) -> edge 6
    double[][] want = {{50, 1}, {80, 2}, {80.5, 3}, {95, 4}, {99, 6}, {99.9, 6}};
    for (double[] w : want) {
      List<Calibrator.LayerCalibration> report = new ArrayList<>();
      Calibrator.reluSets(inputs(), OptionalDouble.of(w[0]), 4, report);
      assertEquals(w[1], report.get(0).value(), 0, "P" + w[0]);
      // K = 4: alpha = v * 16 / 15
      assertEquals(w[1] * 16 / 15, report.get(0).alpha(), 1e-12, "P" + w[0]);
      assertEquals(0, report.get(1).value(), 0);
      assertEquals(1.0, report.get(1).alpha(), 0);
    }
  }

  @Test
  void percentileWithoutHistogramsIsRefused() {
    var noHist = new Calibrator.ReluInputs(List.of("a"), new double[] {3}, null, "d");
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Calibrator.reluSets(noHist, OptionalDouble.of(99.0), 10, null));
    assertEquals("percentile 99.0 needs inputs collected with histograms", e.getMessage());
  }
}
