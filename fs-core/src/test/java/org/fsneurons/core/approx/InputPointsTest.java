package org.fsneurons.core.approx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The float32 rules of input ranges: a range or distribution whose inputs overflow float32 is
 * refused up front.
 */
class InputPointsTest {
  @Test
  void uniformEndsAreIncludedAndFloat32() {
    float[] x = InputPoints.uniform(-1, 1, 5);
    assertEquals(-1f, x[0]);
    assertEquals(0f, x[2]);
    assertEquals(1f, x[4]);
  }

  @Test
  void uniformAtTheFloat32LimitIsFinite() {
    for (float v : InputPoints.uniform(-Float.MAX_VALUE, Float.MAX_VALUE, 101)) {
      assertTrue(Float.isFinite(v), "x = " + v);
    }
  }

  @Test
  void uniformBeyondFloat32IsRefused() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> InputPoints.uniform(-1e308, 1e308, 10));
    assertTrue(
        e.getMessage().startsWith("uniform range needs LO and HI within float32"), e.getMessage());
    assertTrue(e.getMessage().endsWith("found -1.0E308,1.0E308"), e.getMessage());
  }

  @Test
  void uniformNeedsFiniteIncreasingEnds() {
    assertEquals(
        "uniform range needs finite LO < HI, found 1.0,1.0",
        assertThrows(IllegalArgumentException.class, () -> InputPoints.checkUniform(1, 1))
            .getMessage());
    assertEquals(
        "uniform range needs finite LO < HI, found NaN,1.0",
        assertThrows(IllegalArgumentException.class, () -> InputPoints.checkUniform(Double.NaN, 1))
            .getMessage());
    assertEquals(
        "uniform range needs finite LO < HI, found -Infinity,1.0",
        assertThrows(
                IllegalArgumentException.class,
                () -> InputPoints.checkUniform(Double.NEGATIVE_INFINITY, 1))
            .getMessage());
  }

  @Test
  void normalWhoseSamplesOverflowFloat32IsRefused() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> InputPoints.normal(0, 1e308, 10, 1));
    assertTrue(
        e.getMessage().startsWith("normal distribution needs MEAN +- 8 STD within float32"),
        e.getMessage());
    assertEquals(
        "normal distribution needs finite MEAN and STD > 0, found 0.0,0.0",
        assertThrows(IllegalArgumentException.class, () -> InputPoints.checkNormal(0, 0))
            .getMessage());
  }

  @Test
  void normalNearTheLimitGivesFiniteSamples() {
    // 8 STD of 4e37 is 3.2e38 < 3.4028235e38: allowed, and 10^5 samples stay finite
    for (float v : InputPoints.normal(0, 4e37, 100_000, 1)) {
      assertTrue(Float.isFinite(v), "x = " + v);
    }
  }
}
