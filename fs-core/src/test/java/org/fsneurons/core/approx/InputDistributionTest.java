package org.fsneurons.core.approx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.fsneurons.core.coeff.CoefficientSet;
import org.fsneurons.core.coeff.CoefficientSets;
import org.junit.jupiter.api.Test;

class InputDistributionTest {
  @Test
  void uniformIsTheEvenlySpacedGridAndItsRange() {
    InputDistribution d = new InputDistribution.Uniform(-1, 1, 5);
    assertArrayEquals(new float[] {-1f, -0.5f, 0f, 0.5f, 1f}, d.points());
    assertEquals(-1, d.lo());
    assertEquals(1, d.hi());
  }

  @Test
  void normalIsSeededAndPlottedOverFourStd() {
    InputDistribution d = new InputDistribution.Normal(2, 0.5, 1000, 7);
    assertArrayEquals(InputPoints.normal(2, 0.5, 1000, 7), d.points());
    assertArrayEquals(d.points(), d.points());
    assertEquals(0, d.lo());
    assertEquals(4, d.hi());
  }

  @Test
  void measureIsApproximationMeasureOnThePoints() {
    // the golden swish numbers of ApproximationTest (fs_weights.py, 100000 points on [-8, 12])
    CoefficientSet set = CoefficientSets.bundled("swish");
    ApproxStats s =
        new InputDistribution.Uniform(-8, 12, InputDistribution.DEFAULT_POINTS)
            .measure(set.params(), set.target()::apply);
    assertEquals(0.0034459, s.mse(), 0.01 * 0.0034459);
    assertEquals(100_000, s.points());
  }

  @Test
  void rangesFollowTheInputPointsRules() {
    assertEquals(
        "uniform range needs finite LO < HI, found 1.0,1.0",
        assertThrows(IllegalArgumentException.class, () -> new InputDistribution.Uniform(1, 1, 10))
            .getMessage());
    assertEquals(
        "normal distribution needs finite MEAN and STD > 0, found 0.0,0.0",
        assertThrows(
                IllegalArgumentException.class, () -> new InputDistribution.Normal(0, 0, 10, 1))
            .getMessage());
  }
}
