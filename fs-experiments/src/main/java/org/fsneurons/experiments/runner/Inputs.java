package org.fsneurons.experiments.runner;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fsneurons.core.UserInputException;
import org.fsneurons.core.coeff.CoefficientFiles;
import org.fsneurons.core.coeff.CoefficientSet;
import org.fsneurons.core.coeff.CoefficientSets;
import org.fsneurons.experiments.config.ResolvedExperiment;
import org.fsneurons.models.convert.ActivationKind;
import org.fsneurons.models.convert.ConversionOptions;

/**
 * What the kind runners read from an experiment's settings: its model file, coefficient sets and
 * the {@code map:} of activation kinds to sets.
 */
final class Inputs {
  private Inputs() {}

  /**
   * The model path resolved against the experiments file; skipped (with the path) if there is no
   * such file.
   */
  static Path model(ResolvedExperiment e, String model) throws SkipException {
    Path p = e.path(model);
    if (!Files.isRegularFile(p)) {
      throw new SkipException(
          "model " + model + " not found" + (p.toString().equals(model) ? "" : " (" + p + ")"));
    }
    return p;
  }

  /**
   * {@code coeffs:} a bundled set by name, else a coefficient file relative to the experiments
   * file.
   */
  static CoefficientSet coefficients(String nameOrFile, ResolvedExperiment e) {
    if (CoefficientSets.bundledNames().contains(nameOrFile)) {
      return CoefficientSets.bundled(nameOrFile);
    }
    Path file = e.path(nameOrFile);
    if (!Files.isRegularFile(file)) {
      throw new UserInputException(
          String.format(
              "coeffs '%s': not a bundled set (%s) and no such file (%s)",
              nameOrFile, String.join(", ", CoefficientSets.bundledNames()), file));
    }
    return read("coeffs", nameOrFile, file);
  }

  /**
   * An experiment's {@code map:} (op type to set name, file or {@code keep}) on top of the default
   * mapping, by the rule of {@code --map} ({@link ConversionOptions#mapping}); a file is relative
   * to the experiments file and never quoted in messages ({@link #read}).
   */
  static Map<ActivationKind, Optional<CoefficientSet>> mapping(
      Map<String, String> map, ResolvedExperiment e) {
    return ConversionOptions.mapping(
        map == null ? List.of() : List.copyOf(map.entrySet()),
        "map",
        (op, set) ->
            !CoefficientSets.bundledNames().contains(set) && Files.isRegularFile(e.path(set))
                ? read("map " + op, set, e.path(set))
                : CoefficientSets.resolve(set));
  }

  /** Params coeffs.KIND.name / .sha256 / .k for each mapped kind (keep for kept kinds). */
  static void params(Map<ActivationKind, Optional<CoefficientSet>> m, Measurement.Builder b) {
    m.forEach(
        (kind, set) -> {
          String p = "coeffs." + kind.opName();
          b.param(p + ".name", set.map(CoefficientSet::name).orElse("keep"));
          set.ifPresent(
              s -> b.param(p + ".sha256", CoefficientFiles.sha256(s)).param(p + ".k", s.k()));
        });
  }

  /**
   * Reads a coefficient file that an experiment names, without ever quoting the file: its reader's
   * messages may quote what it found (a token, a value), and a mistyped path can name any file,
   * e.g. a secret. What a run reports goes to the results CSV and to MLflow tags, so a file that is
   * not a valid coefficient set is reported by its path alone; {@code key} and {@code value} name
   * the setting.
   */
  static CoefficientSet read(String key, String value, Path file) {
    try {
      return CoefficientFiles.read(file);
    } catch (RuntimeException bad) {
      // no cause attached: its message may quote the file
      throw new UserInputException(
          String.format(
              "%s '%s': %s is not a valid coefficient file (expected JSON with format \"%s\","
                  + " name, target, k, h, T, d; its contents are not shown)",
              key, value, file, CoefficientFiles.FORMAT));
    }
  }
}
