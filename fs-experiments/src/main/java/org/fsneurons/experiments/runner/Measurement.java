package org.fsneurons.experiments.runner;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an experiment measured: metrics (name to value; the names that {@code expect:} refers to), params that
 * identify what was measured (coefficient set name and SHA-256, K, model SHA-256, dataset, image count, execution
 * provider, ...), artifact files (plots, coefficient JSON, ...) and the per-layer CSV if there is one (null if not).
 * Artifacts outside the experiment's artifact folder are copied into it by the run loop.
 */
public record Measurement(Map<String, Double> metrics, Map<String, String> params, List<Path> artifacts,
    Path perLayerCsv) {

  public Measurement {
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    artifacts = List.copyOf(artifacts);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Collects metrics, params and artifacts in insertion order. */
  public static final class Builder {
    private final Map<String, Double> metrics = new LinkedHashMap<>();
    private final Map<String, String> params = new LinkedHashMap<>();
    private final List<Path> artifacts = new ArrayList<>();
    private Path perLayerCsv;

    public Builder metric(String name, double value) {
      metrics.put(name, value);
      return this;
    }

    public Builder param(String name, Object value) {
      params.put(name, String.valueOf(value));
      return this;
    }

    public Builder artifact(Path file) {
      artifacts.add(file);
      return this;
    }

    public Builder perLayerCsv(Path csv) {
      perLayerCsv = csv;
      return this;
    }

    public Measurement build() {
      return new Measurement(metrics, params, artifacts, perLayerCsv);
    }
  }
}
