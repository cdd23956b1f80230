package org.fsneurons.core.neuron;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.fsneurons.core.coeff.CoefficientSets;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

class FsNeuronTest {
  private static final FsParams RELU = CoefficientSets.bundled("relu").params();

  /**
   * Hand-checked trajectory: the paper's FS-ReLU (alpha=25, K=10) has h=T=d=25·2^-(t+1), so it
   * writes x in binary. x=20: v=20 > 12.5 spikes (v=7.5), 7.5 > 6.25 spikes (v=1.25), 1.25 is below
   * 3.125 and 1.5625, 1.25 > 0.78125 spikes (v=0.46875), 0.46875 > 0.390625 spikes (v=0.078125),
   * below 0.1953125 and 0.09765625, 0.078125 > 0.048828125 spikes (v=0.029296875), 0.029296875 >
   * 0.0244140625 spikes. y = 819·25/1024 = 19.9951171875, the truncation of 20 to the resolution
   * 25/1024 (20·1024/25 = 819.2).
   */
  @Test
  void reluWritesTheBinaryTruncation() {
    boolean[] z = FsNeuron.spikeTrain(RELU, 20f);
    assertArrayEquals(
        new boolean[] {true, true, false, false, true, true, false, false, true, true}, z);
    assertEquals(19.9951171875f, FsNeuron.output(RELU, 20f));
    assertEquals(6, FsNeuron.spikes(RELU, 20f));
    // every multiple of the resolution in [0, 25) is reproduced exactly, anything between is
    // truncated
    float res = 25f / 1024f;
    for (int i = 0; i < 1024; i++) {
      float x = i * res;
      assertEquals(i == 0 ? 0f : (i - 1) * res, FsNeuron.output(RELU, x), "strict v > T: x=" + x);
      assertEquals(i * res, FsNeuron.output(RELU, Math.nextUp(x)), "just above x=" + x);
      assertEquals(Integer.bitCount(i), FsNeuron.spikes(RELU, Math.nextUp(x)));
    }
    assertEquals(0f, FsNeuron.output(RELU, -3f));
    assertEquals(1023 * res, FsNeuron.output(RELU, 1e6f), "saturates at 25 - 25/1024");
  }

  @Test
  void spikesAtMostKAndBatchMatchesScalar() {
    SplittableRandom rng = new SplittableRandom(1);
    for (String name : CoefficientSets.bundledNames()) {
      FsParams p = CoefficientSets.bundled(name).params();
      float[] x = new float[20_000];
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) (rng.nextBoolean() ? rng.nextDouble(-30, 30) : rng.nextGaussian() * 1e4);
      }
      FsOutput out = FsNeuron.run(p, x);
      int[] spikes = out.spikes();
      float[] y = out.y();
      long total = 0;
      for (int i = 0; i < x.length; i++) {
        int s = spikes[i];
        assertTrue(s >= 0 && s <= p.k(), name + ": " + s + " spikes at x=" + x[i]);
        assertEquals(FsNeuron.spikes(p, x[i]), s);
        assertEquals(FsNeuron.output(p, x[i]), y[i]);
        int train = 0;
        for (boolean b : FsNeuron.spikeTrain(p, x[i])) {
          train += b ? 1 : 0;
        }
        assertEquals(s, train);
        total += s;
      }
      assertEquals(total, out.totalSpikes());
    }
  }

  @Test
  void nanAndInfinities() {
    for (String name : CoefficientSets.bundledNames()) {
      FsParams p = CoefficientSets.bundled(name).params();
      assertEquals(0f, FsNeuron.output(p, Float.NaN), name);
      assertEquals(0, FsNeuron.spikes(p, Float.NaN), name);
      FsOutput o = FsNeuron.run(p, new float[] {Float.NaN});
      assertEquals(0f, o.y()[0]);
      assertEquals(0, o.spikes()[0]);
      assertEquals(0, FsNeuron.spikes(p, Float.NEGATIVE_INFINITY), name);
      assertEquals(
          p.k(),
          FsNeuron.spikes(p, Float.POSITIVE_INFINITY),
          name + ": +inf exceeds every threshold");
    }
    assertEquals(1023 * (25f / 1024f), FsNeuron.output(RELU, Float.POSITIVE_INFINITY));
  }

  @Test
  void outputCopiesArrays() {
    FsOutput o = new FsOutput(new float[] {1f}, new int[] {2});
    o.y()[0] = 5f;
    o.spikes()[0] = 7;
    assertEquals(1f, o.y()[0]);
    assertEquals(2, o.spikes()[0]);
    IllegalArgumentException e =
        Assertions.assertThrows(
            IllegalArgumentException.class, () -> new FsOutput(new float[2], new int[3]));
    assertEquals("y has 2 values but spikes has 3", e.getMessage());
  }
}
