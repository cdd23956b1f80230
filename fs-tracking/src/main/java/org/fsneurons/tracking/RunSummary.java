package org.fsneurons.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One MLflow run as {@code ./fs compare} lists it: start time, run id, its experiment (tag {@code
 * fs.experiment}, else the run name), commit (tag {@code git.commit}), status (tag {@code
 * fs.status}; empty when absent) and metrics, in MLflow's order.
 */
public record RunSummary(
    long startMillis,
    String runId,
    String experiment,
    String gitCommit,
    String status,
    Map<String, Double> metrics) {

  public RunSummary {
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
  }

  /** Reads one run of MLflow's {@code runs/search} answer. */
  public static RunSummary of(JsonNode run) {
    Map<String, Double> metrics = new LinkedHashMap<>();
    for (JsonNode m : run.at("/data/metrics")) {
      metrics.put(m.path("key").asText(), m.path("value").asDouble());
    }
    return new RunSummary(
        run.at("/info/start_time").asLong(),
        run.at("/info/run_id").asText(),
        tag(run, "fs.experiment", run.at("/info/run_name").asText()),
        tag(run, "git.commit", ""),
        tag(run, "fs.status", ""),
        metrics);
  }

  /**
   * The active runs of MLflow experiment {@code experimentId}, newest first, grouped by experiment
   * (in the order of each one's newest run), at most {@code last} each: of {@code experiment} only,
   * or, when it is null, of every experiment among the newest 1000 runs.
   */
  public static Map<String, List<RunSummary>> newest(
      MlflowTracker tracker, String experimentId, String experiment, int last)
      throws TrackingException {
    ObjectNode q = MlflowApi.object();
    q.putArray("experiment_ids").add(experimentId);
    String filter =
        experiment == null ? "" : "tags.`fs.experiment` = '" + experiment.replace("'", "\\'") + "'";
    q.put("filter", filter).put("run_view_type", "ACTIVE_ONLY");
    q.put("max_results", experiment == null ? 1000 : last);
    q.putArray("order_by").add("attributes.start_time DESC");
    return group(tracker.api().post("runs/search", q).path("runs"), last);
  }

  /** Groups runs (newest first) by experiment, keeping the first {@code last} of each. */
  static Map<String, List<RunSummary>> group(JsonNode runs, int last) {
    Map<String, List<RunSummary>> byName = new LinkedHashMap<>();
    for (JsonNode r : runs) {
      RunSummary s = of(r);
      List<RunSummary> l = byName.computeIfAbsent(s.experiment(), k -> new ArrayList<>());
      if (l.size() < last) {
        l.add(s);
      }
    }
    return byName;
  }

  private static String tag(JsonNode run, String key, String dflt) {
    for (JsonNode t : run.at("/data/tags")) {
      if (t.path("key").asText().equals(key)) {
        return t.path("value").asText();
      }
    }
    return dflt;
  }
}
