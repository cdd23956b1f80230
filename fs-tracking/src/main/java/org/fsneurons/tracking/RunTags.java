package org.fsneurons.tracking;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The MLflow tags of one run, in the order they are added: provenance, the run's {@code fs.*} tags,
 * then MLflow's own source, user and note ({@code mlflow.note.content}, markdown: the status in
 * bold, its reason, the source of the expected numbers and one line per expectation).
 */
public final class RunTags {
  private final Map<String, String> tags = new LinkedHashMap<>();
  private final StringBuilder note = new StringBuilder();

  /**
   * Provenance, then {@code fs.experiment}, {@code fs.kind}, {@code fs.status}, {@code fs.reason}
   * (when not empty) and {@code fs.local_id}.
   */
  public RunTags(
      Provenance p, String experiment, String kind, String status, String reason, String localId) {
    tags.putAll(p.tags());
    tags.put("fs.experiment", experiment);
    tags.put("fs.kind", kind);
    tags.put("fs.status", status);
    note.append("**").append(status).append("**");
    if (!reason.isEmpty()) {
      tags.put("fs.reason", reason);
      note.append(": ").append(reason);
    }
    tags.put("fs.local_id", localId);
  }

  /** {@code fs.tags} (comma-separated, empty for none) and {@code fs.tag.<label>=true} each. */
  public RunTags labels(List<String> labels) {
    tags.put("fs.tags", String.join(",", labels));
    labels.forEach(l -> tags.put("fs.tag." + l, "true"));
    return this;
  }

  /** {@code fs.source}, where the expected numbers come from (nothing when empty); also noted. */
  public RunTags source(String source) {
    if (!source.isEmpty()) {
      tags.put("fs.source", source);
      note.append("\n\nsource: ").append(source);
    }
    return this;
  }

  public RunTags put(String key, String value) {
    tags.put(key, value);
    return this;
  }

  /** A note line {@code - metric: expected ..., got ...} ({@code got} null: "-"). */
  public RunTags expectation(String metric, String expected, Double got) {
    note.append("\n\n- ").append(metric).append(": expected ").append(expected);
    note.append(", got ").append(got == null ? "-" : got.toString());
    return this;
  }

  /**
   * The tags, ending with {@code mlflow.source.name} ({@code sourceName}, e.g. {@code fs run}),
   * {@code mlflow.source.type} LOCAL, {@code mlflow.user} (the JVM's user, when known) and the
   * note.
   */
  public Map<String, String> build(String sourceName) {
    Map<String, String> t = new LinkedHashMap<>(tags);
    t.put("mlflow.source.name", sourceName);
    t.put("mlflow.source.type", "LOCAL");
    String user = System.getProperty("user.name");
    if (user != null) {
      t.put("mlflow.user", user);
    }
    t.put("mlflow.note.content", note.toString());
    return t;
  }
}
