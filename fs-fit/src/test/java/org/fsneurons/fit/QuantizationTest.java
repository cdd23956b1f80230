package org.fsneurons.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class QuantizationTest {
  @Test
  void fourBitsInMinus8To8NudgeLikeTensorFlow() {
    // TF fake_quant_with_min_max_args(min=-8, max=8, num_bits=4), Nudge() in float32: scale =
    // 16f/15f =
    // 1.0666667; zero_point_from_min = 0 - (-8f / scale) = 7.4999995f (not 7.5), std::round gives
    // 7, so the nudged
    // range is [-7 * scale, 8 * scale] = [-7.4667, 8.5333]
    Quantization q = new Quantization(4, -8, 8);
    assertEquals(16f / 15f, q.scale());
    assertEquals(-7 * (16f / 15f), q.nudgedMin());
    assertEquals(8 * (16f / 15f), q.nudgedMax());
    assertEquals(0f, q.quantize(0.0));
    // grid values are computed as TF computes its outputs, j * scale + nudged_min (the top one is
    // 8.533333, one ulp
    // below 8 * scale)
    assertEquals(q.level(15), q.quantize(100));
    assertEquals(8.533333f, q.level(15));
    assertEquals(q.nudgedMin(), q.quantize(-100));
    assertEquals(16, q.levels());
    for (int j = 0; j < q.levels(); j++) {
      assertTrue(q.onGrid(q.level(j)), "level " + j);
      assertEquals(j, q.index(q.level(j)));
    }
    // rounding is floor(x / scale + 0.5): just above half a step goes up, just below goes down
    assertEquals(q.level(9), q.quantize(q.level(8) + 0.5 * q.scale() + 1e-5));
    assertEquals(q.level(8), q.quantize(q.level(8) + 0.5 * q.scale() - 1e-5));
    // [-1, 2]: scale 0.2, zero point exactly 5, nothing to nudge
    Quantization r = new Quantization(4, -1, 2);
    assertEquals(-5 * r.scale(), r.nudgedMin());
    assertEquals(10 * r.scale(), r.nudgedMax());
    assertEquals(0f, r.quantize(0.05));
  }

  @Test
  void rejectsBadSettings() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new Quantization(1, -1, 1));
    assertEquals("quantisation needs 2..16 bits, found 1", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Quantization(4, 1, 1));
    assertEquals("quantisation range needs finite MIN < MAX, found 1.0,1.0", e.getMessage());
  }

  @Test
  void officialRangeIsMinus8To8() {
    assertEquals(new Quantization(6, -8, 8), Quantization.official(6));
    assertEquals(
        "quantisation needs 2..16 bits, found 17",
        assertThrows(IllegalArgumentException.class, () -> Quantization.official(17)).getMessage());
  }
}
