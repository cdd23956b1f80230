package org.fsneurons.tracking;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Everything one MLflow run receives: its MLflow experiment and run name, start and end time (epoch
 * ms), params, metrics, tags, a folder whose files are the artifacts ({@code artifactDir} may be
 * null: no artifacts), ONNX files to log as MLflow models ({@code models}: artifact path, e.g.
 * {@code fs_model}, to the file), datasets to log as run inputs, and the local id of its parent run
 * ({@code parentLocalId}, e.g. a sweep's; null for none; the parent is looked up in the same MLflow
 * experiment). {@code localId} ties it to its rows in the results tables and names its spool entry.
 * {@link #builder} and {@link #toBuilder()} set the components by name.
 */
public record RunRecord(
    String localId,
    String mlflowExperiment,
    String runName,
    long startMs,
    long endMs,
    Map<String, String> params,
    Map<String, Double> metrics,
    Map<String, String> tags,
    Path artifactDir,
    Map<String, Path> models,
    List<DatasetInput> inputs,
    String parentLocalId) {

  /** Artifact paths of models: a name MLflow and URLs take as they are. */
  private static final Pattern MODEL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");

  public RunRecord {
    Objects.requireNonNull(localId, "localId");
    Objects.requireNonNull(mlflowExperiment, "mlflowExperiment");
    Objects.requireNonNull(runName, "runName");
    params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    models = Collections.unmodifiableMap(new LinkedHashMap<>(models == null ? Map.of() : models));
    for (Map.Entry<String, Path> m : models.entrySet()) {
      if (!MODEL_NAME.matcher(m.getKey()).matches()) {
        throw new IllegalArgumentException(
            "model artifact path '"
                + m.getKey()
                + "': expected letters, digits, '_',"
                + " '.', '-' (at most 100, e.g. fs_model)");
      }
      Objects.requireNonNull(m.getValue(), "model file of " + m.getKey());
    }
    inputs = List.copyOf(inputs == null ? List.of() : inputs);
    if (parentLocalId != null && parentLocalId.equals(localId)) {
      throw new IllegalArgumentException("run " + localId + " cannot be its own parent");
    }
  }

  /** A run without models, inputs or parent. */
  public RunRecord(
      String localId,
      String mlflowExperiment,
      String runName,
      long startMs,
      long endMs,
      Map<String, String> params,
      Map<String, Double> metrics,
      Map<String, String> tags,
      Path artifactDir) {
    this(
        localId,
        mlflowExperiment,
        runName,
        startMs,
        endMs,
        params,
        metrics,
        tags,
        artifactDir,
        Map.of(),
        List.of(),
        null);
  }

  /**
   * A run without models or inputs whose {@code values} (e.g. a results row) are split as MLflow
   * takes them: numbers become metrics, other values and the keys in {@code asParams} (numbers that
   * name a setting, e.g. {@code relu_k}) become params, in the order of {@code values}.
   */
  public static RunRecord of(
      String localId,
      String mlflowExperiment,
      String runName,
      long startMs,
      long endMs,
      Map<String, ?> values,
      Set<String> asParams,
      Map<String, String> tags,
      Path artifactDir) {
    Map<String, String> params = new LinkedHashMap<>();
    Map<String, Double> metrics = new LinkedHashMap<>();
    values.forEach(
        (k, v) -> {
          if (v instanceof Number n && !asParams.contains(k)) {
            metrics.put(k, n.doubleValue());
          } else {
            params.put(k, String.valueOf(v));
          }
        });
    return new RunRecord(
        localId, mlflowExperiment, runName, startMs, endMs, params, metrics, tags, artifactDir);
  }

  /**
   * A builder for the run {@code localId} named {@code runName} in MLflow experiment {@code
   * mlflowExperiment}: times 0, no params, metrics, tags, artifacts, models, inputs or parent until
   * set.
   */
  public static Builder builder(String localId, String mlflowExperiment, String runName) {
    return new Builder(localId, mlflowExperiment, runName);
  }

  /** A builder that starts from this record. */
  public Builder toBuilder() {
    return new Builder(localId, mlflowExperiment, runName)
        .startMs(startMs)
        .endMs(endMs)
        .params(params)
        .metrics(metrics)
        .tags(tags)
        .artifactDir(artifactDir)
        .models(models)
        .inputs(inputs)
        .parentLocalId(parentLocalId);
  }

  /** The same record with its artifacts in another folder (e.g. the spool's copy). */
  public RunRecord withArtifactDir(Path dir) {
    return toBuilder().artifactDir(dir).build();
  }

  /** The same record with these models (artifact path to ONNX file), replacing any it had. */
  public RunRecord withModels(Map<String, Path> m) {
    return toBuilder().models(m).build();
  }

  /** The same record with these dataset inputs, replacing any it had. */
  public RunRecord withInputs(List<DatasetInput> in) {
    return toBuilder().inputs(in).build();
  }

  /**
   * The same record as a child of the run recorded with local id {@code parent} (null: no parent).
   */
  public RunRecord withParent(String parent) {
    return toBuilder().parentLocalId(parent).build();
  }

  /**
   * A run record by name; {@link #build()} checks and copies as the record's constructor does. One
   * setter per component, named as the component.
   */
  public static final class Builder {
    private final String localId;
    private final String mlflowExperiment;
    private final String runName;
    private long startMs;
    private long endMs;
    private Map<String, String> params = Map.of();
    private Map<String, Double> metrics = Map.of();
    private Map<String, String> tags = Map.of();
    private Path artifactDir;
    private Map<String, Path> models = Map.of();
    private List<DatasetInput> inputs = List.of();
    private String parentLocalId;

    private Builder(String localId, String mlflowExperiment, String runName) {
      this.localId = localId;
      this.mlflowExperiment = mlflowExperiment;
      this.runName = runName;
    }

    public Builder startMs(long v) {
      startMs = v;
      return this;
    }

    public Builder endMs(long v) {
      endMs = v;
      return this;
    }

    public Builder params(Map<String, String> v) {
      params = v;
      return this;
    }

    public Builder metrics(Map<String, Double> v) {
      metrics = v;
      return this;
    }

    public Builder tags(Map<String, String> v) {
      tags = v;
      return this;
    }

    /** The folder whose files are the artifacts; null: no artifacts. */
    public Builder artifactDir(Path v) {
      artifactDir = v;
      return this;
    }

    /** Artifact path (e.g. {@code fs_model}) to ONNX file; null: none. */
    public Builder models(Map<String, Path> v) {
      models = v;
      return this;
    }

    /** Datasets to log as run inputs; null: none. */
    public Builder inputs(List<DatasetInput> v) {
      inputs = v;
      return this;
    }

    /** The local id of the parent run; null: no parent. */
    public Builder parentLocalId(String v) {
      parentLocalId = v;
      return this;
    }

    /** The record; throws as the record's constructor does. */
    public RunRecord build() {
      return new RunRecord(
          localId,
          mlflowExperiment,
          runName,
          startMs,
          endMs,
          params,
          metrics,
          tags,
          artifactDir,
          models,
          inputs,
          parentLocalId);
    }
  }
}
