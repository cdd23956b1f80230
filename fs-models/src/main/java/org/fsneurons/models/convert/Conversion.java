package org.fsneurons.models.convert;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.fsneurons.core.coeff.CoefficientSet;

/**
 * Result of a conversion: the converted model, one report row per activation found (replaced or
 * kept), and the coefficient set of every replaced layer (by name).
 */
public record Conversion(
    ModelProto model, List<LayerReport> layers, Map<String, CoefficientSet> sets) {
  public Conversion {
    layers = List.copyOf(layers);
    sets = Map.copyOf(sets);
  }

  /** Rows of replaced layers. */
  public List<LayerReport> replaced() {
    return layers.stream().filter(LayerReport::replaced).toList();
  }

  /** Rows of activations left alone. */
  public List<LayerReport> kept() {
    return layers.stream().filter(l -> !l.replaced()).toList();
  }

  /** Writes the report as CSV: name, kind, action, coefficient_set, k, shape, note. */
  public void writeReport(Path csv) {
    try {
      Path parent = csv.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      try (CSVPrinter p =
          new CSVPrinter(
              Files.newBufferedWriter(csv),
              CSVFormat.DEFAULT
                  .builder()
                  .setHeader("name", "kind", "action", "coefficient_set", "k", "shape", "note")
                  .get())) {
        for (LayerReport l : layers) {
          p.printRecord(
              l.name(),
              l.kind().opName(),
              l.replaced() ? "replaced" : "kept",
              l.coefficientSet(),
              l.k(),
              l.shape(),
              l.note());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write conversion report " + csv, e);
    }
  }
}
