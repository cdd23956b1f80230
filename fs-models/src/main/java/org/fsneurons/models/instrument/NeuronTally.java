package org.fsneurons.models.instrument;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
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

  /**
   * Writes one CSV row per activation of {@code conv} (the conversion counted here): layer, kind,
   * action (replaced or kept), coefficient_set, shape, neurons (0 for kept layers).
   */
  public void writeCsv(Conversion conv, Path csv) {
    try {
      Files.createDirectories(csv.toAbsolutePath().getParent());
      try (CSVPrinter p =
          new CSVPrinter(
              Files.newBufferedWriter(csv),
              CSVFormat.DEFAULT
                  .builder()
                  .setHeader("layer", "kind", "action", "coefficient_set", "shape", "neurons")
                  .get())) {
        for (LayerReport l : conv.layers()) {
          p.printRecord(
              l.name(),
              l.kind().opName(),
              l.replaced() ? "replaced" : "kept",
              l.coefficientSet(),
              l.shape(),
              l.replaced() ? neurons(l.name()) : 0);
        }
      }
    } catch (IOException x) {
      throw new UncheckedIOException("cannot write " + csv, x);
    }
  }
}
