package org.fsneurons.experiments.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.fsneurons.core.Sha256;
import org.fsneurons.experiments.config.ResolvedExperiment;

/** Model file checks shared by the kinds that load ONNX models. */
final class ModelFiles {
  private ModelFiles() {}

  /**
   * The model path resolved against the experiments file; skipped (with the path) if there is no
   * such file.
   */
  static Path require(ResolvedExperiment e, String model) throws SkipException {
    Path p = e.path(model);
    if (!Files.isRegularFile(p)) {
      throw new SkipException(
          "model " + model + " not found" + (p.toString().equals(model) ? "" : " (" + p + ")"));
    }
    return p;
  }

  /** SHA-256 (hex) of a file's bytes. */
  static String sha256(Path file) {
    try {
      return Sha256.hex(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /**
   * The measurement with {@code model.sha256} added to its params; {@code m} itself when there is
   * no model file.
   */
  static Measurement withModelHash(Measurement m, Path model) {
    if (model == null) {
      return m;
    }
    Map<String, String> params = new LinkedHashMap<>(m.params());
    params.putIfAbsent("model.sha256", sha256(model));
    return new Measurement(
        m.metrics(), params, m.artifacts(), m.perLayerCsv(), m.models(), m.inputs());
  }
}
