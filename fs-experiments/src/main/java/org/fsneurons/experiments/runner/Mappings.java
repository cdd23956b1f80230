package org.fsneurons.experiments.runner;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.fsneurons.core.UserInputException;
import org.fsneurons.core.coeff.CoefficientFiles;
import org.fsneurons.core.coeff.CoefficientSet;
import org.fsneurons.core.coeff.CoefficientSets;
import org.fsneurons.models.convert.ActivationKind;
import org.fsneurons.models.convert.ConversionOptions;

/**
 * An experiment's {@code map:} (op type to set name, file or {@code keep}) on top of the default
 * mapping.
 */
final class Mappings {
  private Mappings() {}

  static Map<ActivationKind, Optional<CoefficientSet>> mapping(Map<String, String> map) {
    Map<ActivationKind, Optional<CoefficientSet>> m = new EnumMap<>(ActivationKind.class);
    m.putAll(ConversionOptions.defaultMapping());
    if (map == null) {
      return m;
    }
    map.forEach(
        (op, value) -> {
          String set = value == null ? "" : value.trim();
          String entry = "map " + op + "=" + value;
          try {
            ActivationKind kind = ActivationKind.parse(op);
            if (set.equalsIgnoreCase("keep")) {
              m.put(kind, Optional.empty());
            } else if (!CoefficientSets.bundledNames().contains(set)
                && Files.isRegularFile(Path.of(set))) {
              m.put(
                  kind,
                  Optional.of(
                      CoefficientFile.read(
                          "map " + op, set, Path.of(set)))); // never quotes the file
            } else {
              m.put(kind, Optional.of(CoefficientSets.resolve(set)));
            }
          } catch (UserInputException e) {
            throw e.getMessage().startsWith("map ")
                ? e
                : new UserInputException(entry + ": " + e.getMessage(), e);
          }
        });
    return m;
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
