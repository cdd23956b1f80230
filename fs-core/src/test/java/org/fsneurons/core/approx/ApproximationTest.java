package org.fsneurons.core.approx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fsneurons.core.coeff.CoefficientSet;
import org.fsneurons.core.coeff.CoefficientSets;
import org.junit.jupiter.api.Test;

/**
 * Golden approximation numbers of the bundled sets (official fs_weights.py values, update order of
 * the official fs_coding.py). Provenance: the fs-core issue of this project, which measured them
 * with that update order on 100000 uniform points; the official README gives no error figures
 * (fs_weights.py only records the training loss), and the relu bound is the resolution 25/1024 =
 * 0.0244140625 of the paper's alpha=25, K=10 code.
 */
class ApproximationTest {
  private static ApproxStats measure(String name, double lo, double hi) {
    CoefficientSet set = CoefficientSets.bundled(name);
    return Approximation.measure(
        set.params(), set.target()::apply, InputPoints.uniform(lo, hi, 100_000));
  }

  @Test
  void swishOnMinus8To12() {
    ApproxStats s = measure("swish", -8, 12);
    assertEquals(0.0034459, s.mse(), 0.01 * 0.0034459, "mse");
    assertEquals(4.169, s.meanSpikes(), 0.01, "mean spikes");
    assertEquals(100_000, s.points());
  }

  @Test
  void sigmoidOnMinus10To10() {
    ApproxStats s = measure("sigmoid", -10, 10);
    assertEquals(0.00014376, s.mse(), 0.01 * 0.00014376, "mse");
  }

  @Test
  void reluOn0To25() {
    ApproxStats s = measure("relu", 0, 25);
    assertTrue(s.maxAbsError() <= 0.0245, "max |error| " + s.maxAbsError());
    assertEquals(
        0.0244140625, s.maxAbsError(), 1e-9, "the truncation error reaches one resolution step");
  }

  @Test
  void samplesVariantAgrees() {
    CoefficientSet set = CoefficientSets.bundled("sigmoid");
    float[] x = InputPoints.uniform(-10, 10, 1001);
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = set.target().apply(x[i]);
    }
    assertEquals(
        Approximation.measure(set.params(), set.target()::apply, x),
        Approximation.measure(set.params(), x, y));
  }
}
