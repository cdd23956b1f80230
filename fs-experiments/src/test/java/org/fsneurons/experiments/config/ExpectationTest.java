package org.fsneurons.experiments.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ExpectationTest {
  @Test
  void valueWithAbsoluteTolerance() {
    Expectation x = new Expectation("neurons", 475136.0, 0.0, null, null, null);
    assertTrue(x.holds(475136));
    assertFalse(x.holds(475137));
    Expectation acc = new Expectation("fs_top1", 0.925, 0.01, null, null, null);
    assertTrue(acc.holds(0.915));
    assertTrue(acc.holds(0.935));
    assertFalse(acc.holds(0.914));
    assertEquals("0.925 ± 0.01", acc.describe());
  }

  @Test
  void valueWithRelativeTolerance() {
    // swish MSE 0.0034459 on [-8, 12]: computed from fs_weights.py with this update order; not
    // printed in the official README; 1% is 3.4459e-5
    Expectation x = new Expectation("mse", 0.0034459, null, 0.01, null, null);
    assertTrue(x.holds(0.0034458903330957264));
    assertTrue(x.holds(0.00348));
    assertFalse(x.holds(0.00349));
    assertFalse(x.holds(Double.NaN));
    assertEquals("0.0034459 ± 1%", x.describe());
  }

  @Test
  void minAndMaxBounds() {
    Expectation max = new Expectation("max_abs_error", null, null, null, null, 0.0245);
    assertTrue(max.holds(0.0244140625));
    assertTrue(max.holds(0.0245));
    assertFalse(max.holds(0.0246));
    assertEquals("<= 0.0245", max.describe());
    Expectation both = new Expectation("fs_top1", null, null, null, 0.8, 0.9);
    assertFalse(both.holds(0.79));
    assertTrue(both.holds(0.85));
    assertFalse(both.holds(0.91));
    assertEquals("in [0.8, 0.9]", both.describe());
    assertEquals(">= 0.8", new Expectation("a", null, null, null, 0.8, null).describe());
  }

  @Test
  void inconsistentExpectationsAreRejected() {
    assertEquals(
        "'value' needs exactly one of 'tol' (absolute) or 'rel_tol' (relative)",
        assertThrows(
                IllegalArgumentException.class,
                () -> new Expectation("m", 1.0, 0.1, 0.1, null, null))
            .getMessage());
    assertEquals(
        "give either 'value' with 'tol' or 'rel_tol', or 'min'/'max', not both",
        assertThrows(
                IllegalArgumentException.class,
                () -> new Expectation("m", 1.0, 0.1, null, 0.0, null))
            .getMessage());
    assertEquals(
        "give 'value' with 'tol' or 'rel_tol', or 'min' and/or 'max'",
        assertThrows(
                IllegalArgumentException.class,
                () -> new Expectation("m", null, null, null, null, null))
            .getMessage());
    assertEquals(
        "'min' 2.0 is greater than 'max' 1.0",
        assertThrows(
                IllegalArgumentException.class,
                () -> new Expectation("m", null, null, null, 2.0, 1.0))
            .getMessage());
    assertEquals(
        "tolerances must be finite and >= 0, found -0.1",
        assertThrows(
                IllegalArgumentException.class,
                () -> new Expectation("m", 1.0, -0.1, null, null, null))
            .getMessage());
    assertEquals(
        "'max' must be finite (leave it out for no upper bound), found Infinity",
        assertThrows(
                IllegalArgumentException.class,
                () -> new Expectation("m", null, null, null, null, Double.POSITIVE_INFINITY))
            .getMessage());
    assertEquals(
        "'min' must be finite (leave it out for no lower bound), found NaN",
        assertThrows(
                IllegalArgumentException.class,
                () -> new Expectation("m", null, null, null, Double.NaN, 1.0))
            .getMessage());
  }
}
