package org.fsneurons.experiments.wiring;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fsneurons.core.coeff.CoefficientFiles;
import org.fsneurons.core.coeff.CoefficientSet;
import org.fsneurons.core.coeff.CoefficientSets;
import org.fsneurons.experiments.runner.CoefficientFile;
import org.fsneurons.experiments.runner.Measurement;
import org.fsneurons.models.convert.ActivationKind;
import org.fsneurons.models.convert.ConversionOptions;

/** Turns an experiment's {@code map:} into conversion options and records the sets used as params. */
final class Mappings {
  private Mappings() {}

  static Map<ActivationKind, Optional<CoefficientSet>> mapping(Map<String, String> map) {
    List<String> entries = new ArrayList<>();
    map.forEach((k, v) -> {
      String set = v == null ? "" : v.trim();
      if (!set.equalsIgnoreCase("keep") && !CoefficientSets.bundledNames().contains(set)
          && Files.isRegularFile(Path.of(set))) {
        CoefficientFile.read("map " + k, set, Path.of(set)); // checked without quoting the file
      }
      entries.add(k + "=" + v);
    });
    return ConversionOptions.mapping(entries, "map");
  }

  /** Params coeffs.KIND.name / .sha256 / .k for each mapped kind (keep for kept kinds). */
  static void params(Map<ActivationKind, Optional<CoefficientSet>> m, Measurement.Builder b) {
    for (var e : m.entrySet()) {
      String p = "coeffs." + e.getKey().opName();
      if (e.getValue().isEmpty()) {
        b.param(p + ".name", "keep");
      } else {
        CoefficientSet s = e.getValue().get();
        b.param(p + ".name", s.name());
        b.param(p + ".sha256", CoefficientFiles.sha256(s));
        b.param(p + ".k", s.k());
      }
    }
  }
}
