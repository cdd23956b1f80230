package org.fsneurons.core.neuron;

/** Outputs y and spike counts of an FS neuron for a batch of inputs. Arrays are copied. */
public record FsOutput(float[] y, int[] spikes) {
  public FsOutput {
    if (y.length != spikes.length) {
      throw new IllegalArgumentException(
          "y has " + y.length + " values but spikes has " + spikes.length);
    }
    y = y.clone();
    spikes = spikes.clone();
  }

  @Override
  public float[] y() {
    return y.clone();
  }

  @Override
  public int[] spikes() {
    return spikes.clone();
  }

  /** Total number of spikes. */
  public long totalSpikes() {
    long n = 0;
    for (int s : spikes) {
      n += s;
    }
    return n;
  }
}
