package org.fsneurons.experiments.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An experiment ready to run: its settings with {@code ${VAR}} substituted and the seed filled in
 * ({@code spec}, a private copy: read it, never change it), its expectations, the flat {@code
 * settings} recorded as MLflow params, the resolved experiment as YAML (an artifact), the folder
 * that relative paths resolve against, and — when a variable it needs is unset — the reason it must
 * be skipped (e.g. {@code model ${RESNET50_ONNX} not set}).
 */
public record ResolvedExperiment(
    ExperimentSpec spec,
    List<Expectation> expectations,
    Map<String, String> settings,
    String yaml,
    Path baseDir,
    String unsetReason) {

  public ResolvedExperiment {
    expectations = List.copyOf(expectations);
    settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
  }

  public String name() {
    return spec.name;
  }

  public Kind kind() {
    return spec.kind;
  }

  /** The {@code source:} text, or "" if none. */
  public String source() {
    return spec.source == null ? "" : spec.source;
  }

  public List<String> tags() {
    return spec.tags == null ? List.of() : List.copyOf(spec.tags);
  }

  /** The settings as the class of this kind; IllegalStateException if the kind differs. */
  public <S extends ExperimentSpec> S spec(Class<S> type) {
    if (!type.isInstance(spec)) {
      throw new IllegalStateException(
          "experiment '" + name() + "' is " + kind().id() + ", not " + type.getSimpleName());
    }
    return type.cast(spec);
  }

  /** A path setting resolved against {@link #baseDir()} (absolute paths unchanged). */
  public Path path(String value) {
    return baseDir.resolve(value).normalize();
  }
}
