package org.fsneurons.core.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Map;
import java.util.SplittableRandom;
import org.fsneurons.core.coeff.CoefficientSet;
import org.fsneurons.core.coeff.CoefficientSets;
import org.fsneurons.core.compiled.CompiledFs;
import org.fsneurons.core.neuron.FsNeuron;
import org.fsneurons.core.neuron.FsParams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The table body's lookup, simulated in Java with the graph's float32 formulas, equals the
 * reference.
 */
class TableBodyTest {

  private static void assertMatches(FsParams p, TableBody t, float x, String what) {
    float ref = FsNeuron.output(p, x);
    float got = t.output(x);
    boolean same =
        (ref == 0f && got == 0f) || Float.floatToRawIntBits(ref) == Float.floatToRawIntBits(got);
    if (!same || t.spikes(x) != FsNeuron.spikes(p, x)) {
      fail(
          what
              + ": x="
              + x
              + " table y="
              + got
              + ", s="
              + t.spikes(x)
              + " but reference y="
              + ref
              + ", s="
              + FsNeuron.spikes(p, x));
    }
  }

  private static void assertEqualsReference(FsParams p, TableBody t, int random, String what) {
    SplittableRandom rng = new SplittableRandom(1);
    for (int i = 0; i < random; i++) {
      int kind = rng.nextInt(10);
      float x =
          kind < 8
              ? (float) rng.nextDouble(-30, 30)
              : kind == 8
                  ? (float) (Math.pow(10, rng.nextDouble(-45, 38.5)) * (rng.nextBoolean() ? 1 : -1))
                  : Float.intBitsToFloat(rng.nextInt());
      assertMatches(p, t, x, what);
    }
    for (float b : CompiledFs.compile(p).breakpoints()) {
      float x = b;
      for (int u = 0; u < 8; u++) {
        x = Math.nextDown(x);
      }
      for (int u = -8; u <= 8; u++) {
        assertMatches(p, t, x, what + " near breakpoint " + b);
        x = Math.nextUp(x);
      }
    }
    // the cell borders of the grid, where the float formula rounds
    for (int c = 0; c <= t.n; c++) {
      float border = t.lo + c / t.inv;
      assertMatches(p, t, Math.nextDown(border), what + " cell border");
      assertMatches(p, t, border, what + " cell border");
      assertMatches(p, t, Math.nextUp(border), what + " cell border");
    }
    for (float x :
        new float[] {
          Float.NaN,
          Float.intBitsToFloat(0xffc00001),
          0f,
          -0f,
          Float.POSITIVE_INFINITY,
          Float.NEGATIVE_INFINITY,
          Float.MAX_VALUE,
          -Float.MAX_VALUE,
          Float.MIN_VALUE,
          -Float.MIN_VALUE,
          t.lo
        }) {
      assertMatches(p, t, x, what + " special");
    }
  }

  /**
   * Grid sizes of the bundled sets (inv = 2^ceil(log2(1/minGap)), lo on that grid below the first
   * breakpoint).
   */
  @ParameterizedTest(name = "{0}: {1} cells")
  @CsvSource({"relu, 1601, 0.0, 64", "sigmoid, 940, -5.59375, 32", "swish, 3854, -4.1171875, 128"})
  void bundledTables(String name, int cells, float lo, float inv) {
    CoefficientSet set = CoefficientSets.bundled(name);
    TableBody t = FsOperator.table(set);
    assertNotNull(t);
    assertEquals(cells, t.n);
    assertEquals(lo, t.lo);
    assertEquals(inv, t.inv);
    assertTrue(
        1 / inv <= CompiledFs.compile(set.params()).minGap(), "cells finer than the smallest gap");
    assertEqualsReference(set.params(), t, 1_000_000, name);
    assertEquals(0f, t.output(Float.NaN));
    assertEquals(0, t.spikes(Float.NaN));
  }

  /** Property check on random small neurons: every table that gets built is exact. */
  @Test
  void randomNeurons() {
    SplittableRandom rng = new SplittableRandom(2);
    int built = 0;
    for (int n = 0; n < 300; n++) {
      int k = 1 + rng.nextInt(7);
      float[] h = new float[k];
      float[] tt = new float[k];
      float[] d = new float[k];
      for (int i = 0; i < k; i++) {
        h[i] = rng.nextInt(5) == 0 ? 0f : (float) rng.nextDouble(-3, 3);
        tt[i] = (float) rng.nextDouble(-3, 3);
        d[i] = rng.nextInt(6) == 0 ? 0f : (float) rng.nextDouble(-2, 2);
      }
      FsParams p = new FsParams(h, tt, d);
      TableBody t = TableBody.build(CompiledFs.compile(p));
      if (t != null) {
        built++;
        assertTrue(t.n <= TableBody.MAX_CELLS);
        assertEqualsReference(p, t, 5_000, p.toString());
      }
    }
    assertTrue(built >= 250, "most random neurons get a table: " + built);
  }

  @Test
  void tooFineAGridIsRefused() {
    // breakpoints 2000 apart, two of them one ulp apart at 1000: more than 2^22 cells
    FsParams p =
        new FsParams(
            new float[] {0f, 0f, 0f},
            new float[] {-1000f, 1000f, Math.nextUp(1000f)},
            new float[] {1f, 2f, 4f});
    assertNull(TableBody.build(CompiledFs.compile(p)));
    assertNull(FsOperator.table(new CoefficientSet("close", null, p, Map.of())));
  }
}
