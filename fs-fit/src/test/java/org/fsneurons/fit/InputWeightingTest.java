package org.fsneurons.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class InputWeightingTest {
  @Test
  void importanceIsTheOfficialPiecewiseLinearWeight() {
    // find_coeffs.py: np.interp(x, [x_min, m-3s, m-2s, m, m+2s, m+3s, x_max], [0.5, 1, 10, 11, 10,
    // 1, 0.5])
    InputWeighting.Importance imp = new InputWeighting.Importance(-10, 10, 0, 2);
    assertEquals(0.5, imp.weight(-10));
    assertEquals(1.0, imp.weight(-6));
    assertEquals(10.0, imp.weight(-4));
    assertEquals(11.0, imp.weight(0));
    assertEquals(10.5, imp.weight(2)); // halfway between m and m+2s
    assertEquals(0.75, imp.weight(8));
    assertEquals(0.5, imp.weight(10));
  }

  @Test
  void normalQuantilePointsHaveTheRightMoments() {
    PointSet p = new InputWeighting.Normal(1, 2).trainingPoints(20000);
    float[] x = p.x();
    double m = 0;
    double v = 0;
    for (float f : x) {
      m += f;
    }
    m /= x.length;
    for (float f : x) {
      v += (f - m) * (f - m);
    }
    v /= x.length;
    assertEquals(1.0, m, 1e-6);
    assertEquals(2.0, Math.sqrt(v), 5e-3);
  }

  @Test
  void uniformEvaluationPointsAreThoseOfApprox() {
    float[] x = new InputWeighting.Uniform(-8, 12).evaluationPoints();
    assertEquals(100_000, x.length);
    assertEquals(-8f, x[0]);
    assertEquals(12f, x[x.length - 1]);
  }
}
