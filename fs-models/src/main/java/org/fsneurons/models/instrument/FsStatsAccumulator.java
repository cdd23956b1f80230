package org.fsneurons.models.instrument;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.fsneurons.models.ort.Tensor;

/**
 * Accumulates the read-outs of an instrumented model over batches and aggregates them as the paper
 * does: total neurons; spikes per neuron per image (total spikes / neurons / images); input mean
 * and std averaged over layers and images.
 */
public final class FsStatsAccumulator {
  private final List<Instrumenter.Probe> probes;
  private final long[] neurons;
  private final long[] spikes;
  // exact sums, so that the tallies of parts of a pass merge to the tally of the whole pass
  private final ExactSum[] sumMean;
  private final ExactSum[] sumStd;
  private long images;

  public FsStatsAccumulator(List<Instrumenter.Probe> probes) {
    this.probes = List.copyOf(probes);
    int n = probes.size();
    neurons = new long[n];
    spikes = new long[n];
    sumMean = new ExactSum[n];
    sumStd = new ExactSum[n];
    Arrays.fill(sumMean, ExactSum.ZERO);
    Arrays.fill(sumStd, ExactSum.ZERO);
  }

  /** Output names to request from the session. */
  public List<String> outputNames() {
    List<String> names = new ArrayList<>();
    for (Instrumenter.Probe p : probes) {
      names.add(p.spikes());
      names.add(p.mean());
      names.add(p.var());
      names.add(p.shape());
    }
    return names;
  }

  /** Adds one batch of read-outs. */
  public void add(Map<String, Tensor> out, int batchImages) {
    for (int i = 0; i < probes.size(); i++) {
      Instrumenter.Probe p = probes.get(i);
      spikes[i] += out.get(p.spikes()).scalarLong();
      long[] shape = out.get(p.shape()).longs();
      neurons[i] = shape[1];
      float[] m = out.get(p.mean()).floats();
      float[] v = out.get(p.var()).floats();
      for (int b = 0; b < batchImages; b++) {
        sumMean[i] = sumMean[i].plus(m[b]);
        sumStd[i] = sumStd[i].plus(Math.sqrt(Math.max(0.0, v[b])));
      }
    }
    images += batchImages;
  }

  /** Per-layer raw sums (mergeable across image sets). */
  public List<LayerTally> tallies() {
    List<LayerTally> out = new ArrayList<>();
    for (int i = 0; i < probes.size(); i++) {
      out.add(
          new LayerTally(
              probes.get(i).layer(), neurons[i], images, spikes[i], sumMean[i], sumStd[i]));
    }
    return out;
  }

  /** Per-layer statistics. */
  public List<LayerStats> layers() {
    return tallies().stream().map(LayerTally::stats).toList();
  }

  /** Total FS neurons (per image). */
  public long totalNeurons() {
    long n = 0;
    for (long x : neurons) {
      n += x;
    }
    return n;
  }

  /** Total spikes / neurons / images. */
  public double spikesPerNeuron() {
    long s = 0;
    for (long x : spikes) {
      s += x;
    }
    long n = totalNeurons();
    return n == 0 || images == 0 ? 0 : (double) s / n / images;
  }

  /** Mean over layers of the per-layer average input mean. */
  public double inputMean() {
    return layers().stream().mapToDouble(LayerStats::meanOfInputMeans).average().orElse(0);
  }

  /** Mean over layers of the per-layer average input standard deviation. */
  public double inputStd() {
    return layers().stream().mapToDouble(LayerStats::meanOfInputStds).average().orElse(0);
  }
}
