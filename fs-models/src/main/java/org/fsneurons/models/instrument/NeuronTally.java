package org.fsneurons.models.instrument;

import java.util.LinkedHashMap;
import java.util.Map;
import org.fsneurons.models.convert.ActivationKind;
import org.fsneurons.models.convert.Conversion;
import org.fsneurons.models.convert.LayerReport;
import org.fsneurons.models.ort.SessionConfig;

/**
 * The FS neurons of a converted model, as {@code ./fs neurons} and {@code kind: neurons} count
 * them: the elements of every replaced activation's tensor, batch excluded.
 *
 * @param perLayer neurons per replaced layer name
 * @param total neurons of all replaced layers
 * @param perKind neurons per activation kind, kinds in the order of their first replaced layer
 * @param layersPerKind replaced layers per activation kind, same order
 */
public record NeuronTally(
    Map<String, Long> perLayer,
    long total,
    Map<ActivationKind, Long> perKind,
    Map<ActivationKind, Integer> layersPerKind) {

  /**
   * Counts the neurons of the replaced layers of {@code conv} (on a CPU session); {@code where}
   * names the model.
   */
  public static NeuronTally of(Conversion conv, String where) {
    Map<String, Long> perLayer = NeuronCounter.count(conv, SessionConfig.cpu(), where);
    long total = 0;
    Map<ActivationKind, Long> perKind = new LinkedHashMap<>();
    Map<ActivationKind, Integer> layersPerKind = new LinkedHashMap<>();
    for (LayerReport l : conv.replaced()) {
      long n = perLayer.getOrDefault(l.name(), 0L);
      total += n;
      perKind.merge(l.kind(), n, Long::sum);
      layersPerKind.merge(l.kind(), 1, Integer::sum);
    }
    return new NeuronTally(perLayer, total, perKind, layersPerKind);
  }

  /** Neurons of one layer (0 for a layer that was not replaced). */
  public long neurons(String layer) {
    return perLayer.getOrDefault(layer, 0L);
  }
}
