package org.fsneurons.core.compiled;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import org.fsneurons.core.coeff.CoefficientSets;
import org.fsneurons.core.neuron.FsNeuron;
import org.fsneurons.core.neuron.FsParams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CompiledFsTest {
  static final float[] SPECIAL = {
    0f,
    -0f,
    Float.POSITIVE_INFINITY,
    Float.NEGATIVE_INFINITY,
    Float.NaN,
    Float.intBitsToFloat(0x7fc12345),
    Float.intBitsToFloat(0xffbadbad),
    Float.MAX_VALUE,
    -Float.MAX_VALUE,
    Float.MIN_VALUE,
    -Float.MIN_VALUE,
    Float.MIN_NORMAL,
    -Float.MIN_NORMAL,
    Math.nextDown(Float.MIN_NORMAL),
    1e-38f,
    -1e-40f,
    1e30f,
    -1e30f,
    16777216f,
    -16777217f
  };

  /** y equal bit for bit up to the sign of zero, spikes equal; fails at the first difference. */
  static void assertMatches(FsParams p, CompiledFs c, float x, String what) {
    float ref = FsNeuron.output(p, x);
    float got = c.output(x);
    boolean same =
        (ref == 0f && got == 0f) || Float.floatToRawIntBits(ref) == Float.floatToRawIntBits(got);
    if (!same || c.spikes(x) != FsNeuron.spikes(p, x)) {
      fail(
          what
              + ": x="
              + x
              + " (bits "
              + Integer.toHexString(Float.floatToRawIntBits(x))
              + ") compiled y="
              + got
              + ", s="
              + c.spikes(x)
              + " but reference y="
              + ref
              + ", s="
              + FsNeuron.spikes(p, x));
    }
  }

  /**
   * Compiled == reference on 1e6 random inputs, a dense sweep, +-16 ulp around every breakpoint,
   * specials.
   */
  static void assertEqualsReference(FsParams p, CompiledFs c, int random, int sweep, String what) {
    SplittableRandom rng = new SplittableRandom(1);
    for (int i = 0; i < random; i++) {
      int kind = rng.nextInt(20);
      float x =
          kind < 17
              ? (float) rng.nextDouble(-30, 30)
              : kind == 17
                  ? (float) (rng.nextGaussian() * 1e4)
                  : kind == 18
                      ? (float)
                          (Math.pow(10, rng.nextDouble(-45, 38.5)) * (rng.nextBoolean() ? 1 : -1))
                      : Float.intBitsToFloat(
                          rng.nextInt()); // any bit pattern: subnormals, NaN payloads, infinities
      assertMatches(p, c, x, what + " random");
    }
    for (int i = 0; i < sweep; i++) {
      assertMatches(p, c, (float) (-30 + 60.0 * i / (sweep - 1)), what + " sweep");
    }
    for (float b : c.breakpoints()) {
      float x = b;
      for (int u = 0; u < 16; u++) {
        x = Math.nextDown(x);
      }
      for (int u = -16; u <= 16; u++) {
        assertMatches(p, c, x, what + " breakpoint " + b + "+" + u + "ulp");
        x = Math.nextUp(x);
      }
    }
    for (float x : SPECIAL) {
      assertMatches(p, c, x, what + " special");
    }
  }

  @ParameterizedTest(name = "{0}: {1} pieces")
  @CsvSource({"relu, 1024", "sigmoid, 52", "swish, 106"})
  void bundledSetsEqualTheReference(String name, int pieces) {
    FsParams p = CoefficientSets.bundled(name).params();
    CompiledFs c = CompiledFs.compile(p);
    assertEquals(pieces, c.pieces());
    assertEqualsReference(p, c, 1_000_000, 1_200_001, name);

    float[] b = c.breakpoints();
    float[] lv = c.levels();
    int[] sc = c.spikeCounts();
    assertEquals(pieces - 1, b.length);
    assertEquals(pieces, lv.length);
    assertEquals(pieces, sc.length);
    double gap = Double.POSITIVE_INFINITY;
    for (int i = 0; i < b.length; i++) {
      assertTrue(Float.isFinite(b[i]));
      if (i > 0) {
        assertTrue(b[i] > b[i - 1], "ascending");
        gap = Math.min(gap, (double) b[i] - b[i - 1]);
      }
      assertTrue(lv[i] != lv[i + 1] || sc[i] != sc[i + 1], "adjacent pieces differ after merging");
    }
    for (int s : sc) {
      assertTrue(s >= 0 && s <= p.k());
    }
    assertEquals((float) gap, c.minGap());
    assertEquals(0f, lv[0], "the -inf side outputs 0");
    assertEquals(0, sc[0]);
    assertEquals(FsNeuron.output(p, Float.POSITIVE_INFINITY), lv[pieces - 1]);
    assertEquals(p.k(), sc[pieces - 1]);
  }

  /**
   * relu: the breakpoints are the multiples i·25/1024, i=1..1023 (strict v > T keeps x = i·25/1024
   * in the lower piece), the levels (i-1)·25/1024 and the spike counts the bit counts of i.
   */
  @Test
  void reluPiecesAreTheBinaryCode() {
    CompiledFs c = CompiledFs.compile(CoefficientSets.bundled("relu").params());
    float res = 25f / 1024f;
    float[] b = c.breakpoints();
    for (int i = 1; i <= 1023; i++) {
      assertEquals(i * res, b[i - 1]);
      assertEquals(i * res, c.levels()[i]);
      assertEquals(Integer.bitCount(i), c.spikeCounts()[i]);
    }
    assertEquals(res, c.minGap());
    double[] cand = c.candidates();
    for (int i = 0; i < b.length; i++) {
      assertEquals(b[i], cand[i], "dyadic coefficients: float32 arithmetic is exact here");
    }
  }

  /**
   * Refinement matters for swish: rounding the real-arithmetic breakpoints T[t] + s to the nearest
   * float puts 44 of its 105 breakpoints one ulp off (figure from this project's fs-core issue,
   * reproduced here); taking the largest float &lt;= T[t] + s, the natural choice for right-closed
   * pieces, still misses 27. All are within one ulp.
   */
  @Test
  void tryCompileGivesUpWithinItsWorkBound() {
    FsParams relu = CoefficientSets.bundled("relu").params();
    assertEquals(1024, CompiledFs.tryCompile(relu, 1L << 28).orElseThrow().pieces());
    // the same set needs more than 1000 membrane steps: empty, no exception
    assertTrue(CompiledFs.tryCompile(relu, 1000).isEmpty());
  }

  @Test
  void swishNeedsRefinement() {
    CompiledFs c = CompiledFs.compile(CoefficientSets.bundled("swish").params());
    float[] b = c.breakpoints();
    double[] cand = c.candidates();
    assertEquals(105, b.length);
    int nearestOff = 0;
    int floorOff = 0;
    for (int i = 0; i < b.length; i++) {
      float nearest = (float) cand[i];
      float floor = CompiledFs.largestFloatAtMost(cand[i]);
      nearestOff += nearest != b[i] ? 1 : 0;
      floorOff += floor != b[i] ? 1 : 0;
      assertTrue(
          nearest == b[i] || Math.nextUp(nearest) == b[i] || Math.nextDown(nearest) == b[i],
          "one ulp");
    }
    assertEquals(44, nearestOff);
    assertEquals(27, floorOff);
  }

  @Test
  void nanTakesTheMinusInfinitySide() {
    for (String name : CoefficientSets.bundledNames()) {
      CompiledFs c = CompiledFs.compile(CoefficientSets.bundled(name).params());
      assertEquals(0f, c.output(Float.NaN));
      assertEquals(0, c.spikes(Float.NaN));
      assertEquals(0, c.piece(Float.NaN));
      assertEquals(0, c.piece(Float.NEGATIVE_INFINITY));
      assertEquals(c.pieces() - 1, c.piece(Float.POSITIVE_INFINITY));
    }
  }

  /** Property check: random small neurons (negative and zero resets, any order of thresholds). */
  @Test
  void randomNeuronsEqualTheReference() {
    SplittableRandom rng = new SplittableRandom(1);
    for (int n = 0; n < 200; n++) {
      int k = 1 + rng.nextInt(7);
      float[] h = new float[k];
      float[] t = new float[k];
      float[] d = new float[k];
      for (int i = 0; i < k; i++) {
        h[i] = rng.nextInt(5) == 0 ? 0f : (float) rng.nextDouble(-3, 3);
        t[i] = (float) rng.nextDouble(-3, 3);
        d[i] = rng.nextInt(6) == 0 ? 0f : (float) rng.nextDouble(-2, 2);
      }
      FsParams p = new FsParams(h, t, d);
      assertEqualsReference(p, CompiledFs.compile(p), 20_000, 2_001, p.toString());
    }
  }

  @Test
  void singleStepNeuron() {
    // every neuron has at least two pieces: -inf never spikes, +inf always does
    CompiledFs c =
        CompiledFs.compile(new FsParams(new float[] {1f}, new float[] {0f}, new float[] {0f}));
    assertEquals(2, c.pieces());
    assertArrayEquals(new float[] {0f}, c.breakpoints(), "x = 0 does not spike (0 > 0 is false)");
    assertEquals(Float.POSITIVE_INFINITY, c.minGap());
    assertEquals(0f, c.output(5f));
    assertEquals(0, c.spikes(0f));
    assertEquals(0, c.spikes(-0f));
    assertEquals(1, c.spikes(Float.MIN_VALUE), "d = 0 but the spike count changes");
  }

  @Test
  void copiesAndEquality() {
    FsParams p = CoefficientSets.bundled("sigmoid").params();
    CompiledFs c = CompiledFs.compile(p);
    float[] b = c.breakpoints();
    b[0] = 1234f;
    c.levels()[0] = 1234f;
    c.spikeCounts()[0] = 1234;
    assertEquals(
        -5.5447803f,
        c.breakpoints()[0],
        "the lowest breakpoint is the last step's threshold T[11]");
    assertEquals(0f, c.levels()[0]);
    assertEquals(0, c.spikeCounts()[0]);
    assertEquals(c, CompiledFs.compile(p));
    assertEquals(c.hashCode(), CompiledFs.compile(p).hashCode());
  }

  @Test
  void tooManyPiecesIsRefused() {
    FsParams relu = CoefficientSets.bundled("relu").params();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CompiledFs.compile(relu, 1000));
    assertEquals(
        "FS neuron has more than 1000 pieces; the compiled form is not practical (K=10)",
        e.getMessage());
  }

  @Test
  void floatKeysAreConsecutive() {
    assertEquals(0, CompiledFs.key(0f));
    assertEquals(-1, CompiledFs.key(-0f));
    assertEquals(1, CompiledFs.key(Float.MIN_VALUE));
    assertEquals(-2, CompiledFs.key(-Float.MIN_VALUE));
    assertEquals(CompiledFs.key(Float.POSITIVE_INFINITY) - 1, CompiledFs.key(Float.MAX_VALUE));
    assertEquals(CompiledFs.key(-Float.MAX_VALUE) - 1, CompiledFs.key(Float.NEGATIVE_INFINITY));
    for (float f : new float[] {-3.5f, -1e-40f, 1f, 7e20f}) {
      assertEquals(Math.nextUp(f), CompiledFs.fromKey(CompiledFs.key(f) + 1));
      assertEquals(f, CompiledFs.fromKey(CompiledFs.key(f)));
    }
    assertArrayEquals(new float[] {2f}, new float[] {CompiledFs.largestFloatAtMost(2.0)});
    assertEquals(Math.nextDown(0.1f), CompiledFs.largestFloatAtMost(0.1f - 1e-12));
  }
}
