package org.fsneurons.models.instrument;

/**
 * Accumulated statistics of one FS layer over the images seen.
 *
 * @param layer layer name
 * @param neurons elements of the layer's tensor per image (batch excluded)
 * @param images images seen
 * @param spikes total spikes over all images
 * @param meanOfInputMeans mean over images of the per-image input mean
 * @param meanOfInputStds mean over images of the per-image input standard deviation
 */
public record LayerStats(
    String layer,
    long neurons,
    long images,
    long spikes,
    double meanOfInputMeans,
    double meanOfInputStds) {

  /** Spikes per neuron per image. */
  public double spikesPerNeuron() {
    return neurons == 0 || images == 0 ? 0 : (double) spikes / neurons / images;
  }
}
