package org.fsneurons.experiments.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.fsneurons.core.UserInputException;
import org.fsneurons.experiments.config.ExperimentsFile;
import org.fsneurons.experiments.results.ResultsTable;
import org.fsneurons.tracking.Connection;
import org.fsneurons.tracking.MlflowApi;
import org.fsneurons.tracking.TrackingException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./fs compare}: the MLflow runs of an experiment side by side, metrics as columns. */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    description = {
      "Print the MLflow runs of an experiment side by side: one line per run (newest first), metrics as columns.",
      "Without --experiment: every experiment's last runs. Uses --tracking-uri, else $MLFLOW_TRACKING_URI, else a"
          + " local server over results/mlflow/."
    })
public final class CompareCommand implements Callable<Integer> {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
          .withZone(ZoneId.systemDefault());

  @Spec CommandSpec spec;

  @Option(
      names = "--experiment",
      paramLabel = "NAME",
      description = "Experiment name (as in experiments.yaml).")
  String experiment;

  @Option(
      names = "--last",
      paramLabel = "N",
      defaultValue = "5",
      description = "Runs per experiment, newest first (default ${DEFAULT-VALUE}).")
  int last;

  @Option(names = "--tracking-uri", paramLabel = "URI", description = "MLflow server.")
  String trackingUri;

  @Option(
      names = "--tracking-timeout",
      paramLabel = "SECONDS",
      description =
          "Seconds each call to the MLflow server may take (default: $FS_TRACKING_TIMEOUT, else 30).")
  String trackingTimeout;

  @Option(
      names = "--mlflow-experiment",
      paramLabel = "NAME",
      description =
          "MLflow experiment (default: mlflow_experiment of experiments.yaml, else fsneurons).")
  String mlflowExperiment;

  @Option(
      names = "--results",
      paramLabel = "DIR",
      description = "Results folder with mlflow/ (default: $FS_HOME/results).")
  Path results;

  @Override
  public Integer call() {
    if (last < 1) {
      throw new UserInputException("--last must be at least 1, found " + last);
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Map<String, String> env = System.getenv();
    Connection.uri(trackingUri, env);
    Connection.timeout(trackingTimeout, env);
    Path home = Home.fsHome();
    String mlflowName = mlflowExperiment != null ? mlflowExperiment : defaultMlflowExperiment(home);
    try (Connection conn =
        Connection.open(trackingUri, trackingTimeout, env, home, Home.resultsDir(results), err)) {
      Optional<JsonNode> exp = conn.tracker().findExperiment(mlflowName);
      if (exp.isEmpty()) {
        throw new UserInputException(
            "no MLflow experiment '"
                + mlflowName
                + "' at "
                + conn.uri()
                + "; run './fs run' first or give --mlflow-experiment");
      }
      String filter =
          experiment == null
              ? ""
              : "tags.`fs.experiment` = '" + experiment.replace("'", "\\'") + "'";
      int max = experiment == null ? 1000 : last;
      ObjectNode q = MlflowApi.object();
      q.putArray("experiment_ids").add(exp.get().path("experiment_id").asText());
      q.put("filter", filter).put("run_view_type", "ACTIVE_ONLY").put("max_results", max);
      q.putArray("order_by").add("attributes.start_time DESC");
      JsonNode runs = conn.tracker().api().post("runs/search", q).path("runs");
      Map<String, List<JsonNode>> byName = new LinkedHashMap<>();
      for (JsonNode r : runs) {
        String name = tag(r, "fs.experiment", r.at("/info/run_name").asText());
        List<JsonNode> l = byName.computeIfAbsent(name, k -> new ArrayList<>());
        if (l.size() < last) {
          l.add(r);
        }
      }
      if (byName.isEmpty()) {
        out.println(
            experiment == null
                ? "no runs in MLflow experiment '" + mlflowName + "'"
                : "no runs of experiment '"
                    + experiment
                    + "' in MLflow experiment '"
                    + mlflowName
                    + "'");
        return experiment == null ? 0 : 1;
      }
      boolean first = true;
      for (Map.Entry<String, List<JsonNode>> e : byName.entrySet()) {
        if (!first) {
          out.println();
        }
        first = false;
        print(out, e.getKey(), e.getValue());
      }
      out.flush();
      return 0;
    } catch (TrackingException e) {
      err.println("fs compare: " + e.getMessage());
      return 1;
    }
  }

  private static void print(PrintWriter out, String name, List<JsonNode> runs) {
    Set<String> metrics = new LinkedHashSet<>();
    runs.forEach(r -> r.at("/data/metrics").forEach(m -> metrics.add(m.path("key").asText())));
    List<String> header = new ArrayList<>(List.of("start", "run", "commit", "status"));
    header.addAll(metrics);
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode r : runs) {
      List<String> row = new ArrayList<>();
      row.add(TIME.format(Instant.ofEpochMilli(r.at("/info/start_time").asLong())));
      String id = r.at("/info/run_id").asText();
      row.add(id.substring(0, Math.min(8, id.length())));
      String commit = tag(r, "git.commit", "");
      row.add(
          commit.length() > 10
              ? commit.substring(0, 8) + (commit.endsWith("-dirty") ? "+" : "")
              : commit);
      row.add(tag(r, "fs.status", ""));
      Map<String, Double> values = new LinkedHashMap<>();
      for (JsonNode m : r.at("/data/metrics")) {
        values.put(m.path("key").asText(), m.path("value").asDouble());
      }
      for (String m : metrics) {
        Double v = values.get(m);
        row.add(v == null ? "-" : ResultsTable.show(v));
      }
      rows.add(row);
    }
    out.println(
        "experiment "
            + name
            + " ("
            + runs.size()
            + " run"
            + (runs.size() == 1 ? "" : "s")
            + ", newest first)");
    int[] w = new int[header.size()];
    for (int i = 0; i < w.length; i++) {
      w[i] = header.get(i).length();
      for (List<String> row : rows) {
        w[i] = Math.max(w[i], row.get(i).length());
      }
    }
    out.println(line(header, w));
    rows.forEach(row -> out.println(line(row, w)));
  }

  private static String line(List<String> cells, int[] w) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        s.append("  ");
      }
      String c = cells.get(i);
      s.append(i < 4 ? String.format("%-" + w[i] + "s", c) : String.format("%" + w[i] + "s", c));
    }
    return s.toString().stripTrailing();
  }

  private static String tag(JsonNode r, String key, String dflt) {
    for (JsonNode t : r.at("/data/tags")) {
      if (t.path("key").asText().equals(key)) {
        return t.path("value").asText();
      }
    }
    return dflt;
  }

  private static String defaultMlflowExperiment(Path home) {
    Path f = RunCommand.defaultFile(home);
    if (Files.isRegularFile(f)) {
      try {
        return ExperimentsFile.load(f).mlflowExperiment();
      } catch (UserInputException e) {
        // a broken file should not stop browsing old runs
      }
    }
    return ExperimentsFile.DEFAULT_MLFLOW_EXPERIMENT;
  }
}
