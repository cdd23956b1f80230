package org.fsneurons.models.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TimingsTest {
  @Test
  void medianOfOddAndEvenCounts() {
    // by hand: sorted {1, 2, 3, 9, 10} -> 3; sorted {1, 2, 4, 100} -> (2 + 4) / 2 = 3
    assertEquals(3.0, Timings.median(new double[] {9, 1, 3, 10, 2}));
    assertEquals(3.0, Timings.median(new double[] {100, 4, 1, 2}));
    assertEquals(7.5, Timings.median(new double[] {7.5}));
  }

  @Test
  void medianLeavesTheInputAlone() {
    double[] v = {3, 1, 2};
    Timings.median(v);
    assertArrayEquals(new double[] {3, 1, 2}, v);
  }

  @Test
  void nearestRankPercentile() {
    double[] v = {5, 1, 4, 2, 3, 10, 9, 8, 7, 6};
    // nearest rank: p90 of 10 values is the 9th smallest (9), p10 the 1st (1), p100 the largest
    assertEquals(9.0, Timings.percentile(v, 90));
    assertEquals(1.0, Timings.percentile(v, 10));
    assertEquals(10.0, Timings.percentile(v, 100));
    assertEquals(5.0, Timings.percentile(v, 50));
  }

  @Test
  void perVariantAccessAndCopies() {
    Map<String, double[]> m = new LinkedHashMap<>();
    double[] a = {2, 1, 3};
    m.put("a", a);
    m.put("b", new double[] {4, 4});
    Timings t = new Timings(m);
    a[0] = 100; // the record copied the array
    assertEquals(List.of("a", "b"), t.names());
    assertEquals(2.0, t.median("a"));
    assertEquals(1.0, t.min("a"));
    assertEquals(4.0, t.median("b"));
    t.runs("a")[0] = 50;
    assertEquals(2.0, t.runs("a")[0]);
  }

  @Test
  void rejectsBadRequests() {
    Timings t = new Timings(Map.of("a", new double[] {1}));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.median("x"));
    assertTrue(e.getMessage().contains("no variant 'x'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Timings.median(new double[0]));
    assertEquals("median of no values", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Timings.percentile(new double[] {1}, 0));
    assertEquals("percentile 0.0 of 1 values", e.getMessage());
  }
}
