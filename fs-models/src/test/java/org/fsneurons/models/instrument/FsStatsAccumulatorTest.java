package org.fsneurons.models.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.fsneurons.models.ort.Tensor;
import org.junit.jupiter.api.Test;

/** The per-layer sums of an evaluation split into parts (threads, Spark partitions). */
class FsStatsAccumulatorTest {
  private static final Instrumenter.Probe PROBE =
      new Instrumenter.Probe("l", "l_spikes", "l_mean", "l_var", "l_shape");

  /** One batch of read-outs: per image the layer's input mean and variance, 7 spikes per image. */
  private static Map<String, Tensor> batch(float[] mean, float[] var) {
    int n = mean.length;
    return Map.of(
        PROBE.spikes(), Tensor.ofLongs(new long[] {7L * n}),
        PROBE.mean(), Tensor.ofFloats(mean, n),
        PROBE.var(), Tensor.ofFloats(var, n),
        PROBE.shape(), Tensor.ofLongs(new long[] {n, 12}, 2));
  }

  private static LayerTally tally(float[][] means, float[][] vars, int from, int to) {
    FsStatsAccumulator acc = new FsStatsAccumulator(List.of(PROBE));
    for (int b = from; b < to; b++) {
      acc.add(batch(means[b], vars[b]), means[b].length);
    }
    return acc.tallies().get(0);
  }

  @Test
  void mergedPartsGiveTheStatisticsOfOnePassToTheLastBit() {
    // ./fs eval --spark --partitions N merges the tallies of contiguous batch ranges; its
    // --layers-csv (full precision) must equal the single-machine run's for every split
    SplittableRandom rnd = new SplittableRandom(1);
    int batches = 40;
    float[][] means = new float[batches][];
    float[][] vars = new float[batches][];
    for (int b = 0; b < batches; b++) {
      int n = 1 + rnd.nextInt(9);
      means[b] = new float[n];
      vars[b] = new float[n];
      for (int i = 0; i < n; i++) {
        means[b][i] = (float) (rnd.nextGaussian() * Math.pow(10, rnd.nextInt(-3, 4)));
        vars[b][i] = (float) (rnd.nextDouble() * Math.pow(10, rnd.nextInt(-3, 4)));
      }
    }
    LayerStats whole = tally(means, vars, 0, batches).stats();
    for (int trial = 0; trial < 50; trial++) {
      int cut1 = rnd.nextInt(batches + 1);
      int cut2 = cut1 + rnd.nextInt(batches - cut1 + 1);
      LayerTally parts =
          tally(means, vars, 0, cut1)
              .merge(tally(means, vars, cut1, cut2))
              .merge(tally(means, vars, cut2, batches));
      LayerStats merged = parts.stats();
      String split = "split at batches " + cut1 + ", " + cut2;
      assertEquals(whole.images(), merged.images(), split);
      assertEquals(whole.spikes(), merged.spikes(), split);
      assertEquals(whole.meanOfInputMeans(), merged.meanOfInputMeans(), 0.0, split);
      assertEquals(whole.meanOfInputStds(), merged.meanOfInputStds(), 0.0, split);
    }
  }

  @Test
  void nonFiniteInputsStayNonFinite() {
    // a layer whose inputs overflowed must not report a finite statistic, in one pass or in parts
    float inf = Float.POSITIVE_INFINITY;
    float[][] means = {{1f, inf}, {2f, -inf}, {3f, 4f}};
    float[][] vars = {{1f, 4f}, {Float.NaN, 1f}, {inf, 0f}};
    LayerStats whole = tally(means, vars, 0, 3).stats();
    LayerStats parts = tally(means, vars, 0, 1).merge(tally(means, vars, 1, 3)).stats();
    assertEquals(Double.NaN, whole.meanOfInputMeans());
    assertEquals(Double.NaN, whole.meanOfInputStds());
    assertEquals(Double.NaN, parts.meanOfInputMeans());
    assertEquals(Double.NaN, parts.meanOfInputStds());
    LayerStats up = tally(new float[][] {{1f, inf}}, new float[][] {{inf, 1f}}, 0, 1).stats();
    assertEquals(Double.POSITIVE_INFINITY, up.meanOfInputMeans());
    assertEquals(Double.POSITIVE_INFINITY, up.meanOfInputStds());
    LayerStats finite = tally(means, vars, 2, 3).stats();
    assertEquals(3.5, finite.meanOfInputMeans());
    assertEquals(Double.POSITIVE_INFINITY, finite.meanOfInputStds());
  }
}
