package org.fsneurons.models.eval;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.fsneurons.models.instrument.LayerTally;

/**
 * The counts of an evaluation over a set of images: hits, images with non-finite outputs, and the
 * FS layers' raw sums. Tallies of disjoint image sets {@link #merge} by addition, so an evaluation
 * split into parts (threads, cluster partitions) gives the numbers of one pass exactly, the FS
 * input statistics included (their sums are exact, see {@link LayerTally}). {@link #result} turns a
 * tally into the reported numbers.
 *
 * @param images images evaluated
 * @param ann whether the original network was run
 * @param fs whether the FS network was run
 * @param annTop1 images whose label is the original network's top-1 class
 * @param annTop5 images whose label is among its top 5
 * @param fsTop1 the same for the FS network
 * @param fsTop5 the same for the FS network
 * @param nonfinite images with a NaN or infinite logit in any network run (such images count as
 *     wrong)
 * @param layers per FS layer, its sums (empty without FS)
 * @param annConfusion the original network's confusion matrix (null when it was not run)
 * @param fsConfusion the FS network's confusion matrix (null when it was not run)
 * @param seconds wall-clock seconds spent (summed over parts)
 */
public record EvalTally(
    long images,
    boolean ann,
    boolean fs,
    long annTop1,
    long annTop5,
    long fsTop1,
    long fsTop5,
    long nonfinite,
    List<LayerTally> layers,
    Confusion annConfusion,
    Confusion fsConfusion,
    double seconds)
    implements Serializable {
  public EvalTally {
    layers = List.copyOf(layers);
  }

  /** The tally of both (disjoint) image sets. */
  public EvalTally merge(EvalTally o) {
    if (ann != o.ann || fs != o.fs || (fs && layers.size() != o.layers.size())) {
      throw new IllegalArgumentException("cannot merge tallies of different evaluations");
    }
    List<LayerTally> l = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      l.add(layers.get(i).merge(o.layers.get(i)));
    }
    return new EvalTally(
        images + o.images,
        ann,
        fs,
        annTop1 + o.annTop1,
        annTop5 + o.annTop5,
        fsTop1 + o.fsTop1,
        fsTop5 + o.fsTop5,
        nonfinite + o.nonfinite,
        l,
        ann ? annConfusion.merge(o.annConfusion) : null,
        fs ? fsConfusion.merge(o.fsConfusion) : null,
        seconds + o.seconds);
  }

  /** The reported numbers; NaN for a network that was not run. Needs at least one image. */
  public EvalResult result() {
    if (images == 0) {
      throw new IllegalStateException("no images were evaluated");
    }
    double n = images;
    double a1 = ann ? annTop1 / n : Double.NaN;
    double a5 = ann ? annTop5 / n : Double.NaN;
    if (!fs) {
      return new EvalResult(
          images,
          a1,
          a5,
          Double.NaN,
          Double.NaN,
          0,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          List.of(),
          seconds,
          nonfinite,
          annConfusion,
          null);
    }
    long neurons = 0;
    long spikes = 0;
    double mean = 0;
    double std = 0;
    for (LayerTally t : layers) {
      neurons += t.neurons();
      spikes += t.spikes();
      mean += t.sumMean().doubleValue() / images;
      std += t.sumStd().doubleValue() / images;
    }
    int k = layers.size();
    double spn = neurons == 0 ? 0 : (double) spikes / neurons / images;
    return new EvalResult(
        images,
        a1,
        a5,
        fsTop1 / n,
        fsTop5 / n,
        neurons,
        spn,
        k == 0 ? 0 : mean / k,
        k == 0 ? 0 : std / k,
        layers.stream().map(LayerTally::stats).toList(),
        seconds,
        nonfinite,
        annConfusion,
        fsConfusion);
  }
}
