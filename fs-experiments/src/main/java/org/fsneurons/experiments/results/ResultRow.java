package org.fsneurons.experiments.results;

import java.util.Objects;
import org.fsneurons.experiments.config.Expectation;

/**
 * One row of a results table: one metric of one experiment in one run (an experiment without
 * metrics has one row with an empty metric). {@code value} and {@code expectation} may be null.
 *
 * @param timestamp start of the {@code ./fs run} (ISO-8601, UTC)
 * @param localId identifies the experiment's run; also the MLflow tag {@code fs.local_id} and the
 *     spool entry name
 */
public record ResultRow(
    String timestamp,
    String experiment,
    String kind,
    Status status,
    String reason,
    String metric,
    Double value,
    Expectation expectation,
    Check check,
    String source,
    String gitCommit,
    String localId) {

  public ResultRow {
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(experiment, "experiment");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(check, "check");
    kind = kind == null ? "" : kind;
    reason = reason == null ? "" : reason;
    metric = metric == null ? "" : metric;
    source = source == null ? "" : source;
    gitCommit = gitCommit == null ? "" : gitCommit;
    localId = localId == null ? "" : localId;
  }
}
