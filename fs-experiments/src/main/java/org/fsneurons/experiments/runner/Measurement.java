package org.fsneurons.experiments.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fsneurons.core.Sha256;
import org.fsneurons.tracking.DatasetInput;

/**
 * What an experiment measured: metrics (name to value; the names that {@code expect:} refers to),
 * params that identify what was measured (coefficient set name and SHA-256, K, model SHA-256,
 * dataset, image count, execution provider, ...) and artifact files (plots, coefficient JSON,
 * per-layer CSV, ...). Artifacts outside the experiment's artifact folder are copied into it by the
 * run loop. {@code models} are ONNX files to log as MLflow models (name to file, e.g. {@code
 * fs_model}), {@code inputs} the datasets the run used.
 */
public record Measurement(
    Map<String, Double> metrics,
    Map<String, String> params,
    List<Path> artifacts,
    Map<String, Path> models,
    List<DatasetInput> inputs) {

  public Measurement {
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    artifacts = List.copyOf(artifacts);
    models = Collections.unmodifiableMap(new LinkedHashMap<>(models));
    inputs = List.copyOf(inputs);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Collects metrics, params and artifacts in insertion order. */
  public static final class Builder {
    private final Map<String, Double> metrics = new LinkedHashMap<>();
    private final Map<String, String> params = new LinkedHashMap<>();
    private final List<Path> artifacts = new ArrayList<>();
    private final Map<String, Path> models = new LinkedHashMap<>();
    private final List<DatasetInput> inputs = new ArrayList<>();

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

    /** An ONNX file to log as an MLflow model named {@code name}. */
    public Builder model(String name, Path onnx) {
      models.put(name, onnx);
      return this;
    }

    /** Param {@code model.sha256}: the SHA-256 of the model file; nothing when it is null. */
    public Builder modelSha256(Path model) {
      if (model != null) {
        try {
          param("model.sha256", Sha256.hex(model));
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read " + model, e);
        }
      }
      return this;
    }

    public Builder input(DatasetInput in) {
      inputs.add(in);
      return this;
    }

    public Measurement build() {
      return new Measurement(metrics, params, artifacts, models, inputs);
    }
  }
}
