package org.fsneurons.models.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fsneurons.models.instrument.LayerStats;

/**
 * Results of one evaluation. FS fields are NaN/0 when the FS network was not run.
 *
 * @param images images evaluated
 * @param annTop1 top-1 accuracy of the original network (fraction)
 * @param annTop5 top-5 accuracy of the original network
 * @param fsTop1 top-1 accuracy of the FS network
 * @param fsTop5 top-5 accuracy of the FS network
 * @param neurons FS neurons per image
 * @param spikesPerNeuron total spikes / neurons / images
 * @param inputMean mean over layers and images of the FS layers' input mean
 * @param inputStd mean over layers and images of the FS layers' input standard deviation
 * @param layers per-layer statistics
 * @param seconds wall-clock time of the pass
 * @param nonfiniteOutputs images with a NaN or infinite logit in the ANN's or the FS network's
 *     output; they count as wrong
 * @param annConfusion the original network's confusion matrix (null when it was not run)
 * @param fsConfusion the FS network's confusion matrix (null when it was not run)
 */
public record EvalResult(
    long images,
    double annTop1,
    double annTop5,
    double fsTop1,
    double fsTop5,
    long neurons,
    double spikesPerNeuron,
    double inputMean,
    double inputStd,
    List<LayerStats> layers,
    double seconds,
    long nonfiniteOutputs,
    Confusion annConfusion,
    Confusion fsConfusion) {
  public EvalResult {
    layers = List.copyOf(layers);
  }

  public boolean hasFs() {
    return !Double.isNaN(fsTop1);
  }

  /**
   * The metrics under their names in experiments.yaml and MLflow, in {@code ./fs eval}'s order:
   * images, ann_top1, ann_top5, nonfinite_outputs and, with FS, fs_top1, fs_top5, neurons,
   * spikes_per_neuron, fs_input_mean, fs_input_std (counts as {@code Long}, the rest {@code
   * Double}).
   */
  public Map<String, Number> metrics() {
    Map<String, Number> m = new LinkedHashMap<>();
    m.put("images", images);
    m.put("ann_top1", annTop1);
    m.put("ann_top5", annTop5);
    m.put("nonfinite_outputs", nonfiniteOutputs);
    if (hasFs()) {
      m.put("fs_top1", fsTop1);
      m.put("fs_top5", fsTop5);
      m.put("neurons", neurons);
      m.put("spikes_per_neuron", spikesPerNeuron);
      m.put("fs_input_mean", inputMean);
      m.put("fs_input_std", inputStd);
    }
    return m;
  }
}
