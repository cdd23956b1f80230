package org.fsneurons.models.instrument;

import java.io.Serializable;

/**
 * Raw sums of one FS layer's read-outs over a set of images; tallies of disjoint image sets merge
 * by addition. The sums are {@link ExactSum exact}, so statistics computed in parts (threads,
 * partitions on a cluster) equal those of one pass to the last bit, whatever the split.
 *
 * @param layer layer name
 * @param neurons elements of the layer's tensor per image (batch excluded)
 * @param images images seen
 * @param spikes total spikes over those images
 * @param sumMean sum over images of the per-image input mean
 * @param sumStd sum over images of the per-image input standard deviation
 */
public record LayerTally(
    String layer, long neurons, long images, long spikes, ExactSum sumMean, ExactSum sumStd)
    implements Serializable {

  /** The tally of both image sets; the layers must be the same. */
  public LayerTally merge(LayerTally o) {
    if (!layer.equals(o.layer)) {
      throw new IllegalArgumentException(
          "cannot merge tallies of layers " + layer + " and " + o.layer);
    }
    long n = Math.max(neurons, o.neurons);
    if (neurons != 0 && o.neurons != 0 && neurons != o.neurons) {
      throw new IllegalArgumentException(
          layer + ": " + neurons + " vs " + o.neurons + " neurons per image");
    }
    return new LayerTally(
        layer,
        n,
        images + o.images,
        spikes + o.spikes,
        sumMean.plus(o.sumMean),
        sumStd.plus(o.sumStd));
  }

  /** The statistics as reported. */
  public LayerStats stats() {
    return new LayerStats(
        layer,
        neurons,
        images,
        spikes,
        images == 0 ? 0 : sumMean.doubleValue() / images,
        images == 0 ? 0 : sumStd.doubleValue() / images);
  }
}
