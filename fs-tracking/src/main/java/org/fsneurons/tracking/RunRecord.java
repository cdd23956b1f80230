package org.fsneurons.tracking;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Everything one MLflow run receives: its MLflow experiment and run name, start and end time (epoch ms), params,
 * metrics, tags and a folder whose files are the artifacts ({@code artifactDir} may be null: no artifacts).
 * {@code localId} ties it to its rows in the results tables and names its spool entry.
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
    Path artifactDir) {

  public RunRecord {
    Objects.requireNonNull(localId, "localId");
    Objects.requireNonNull(mlflowExperiment, "mlflowExperiment");
    Objects.requireNonNull(runName, "runName");
    params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
  }

  /** The same record with its artifacts in another folder (e.g. the spool's copy). */
  public RunRecord withArtifactDir(Path dir) {
    return new RunRecord(localId, mlflowExperiment, runName, startMs, endMs, params, metrics, tags, dir);
  }
}
