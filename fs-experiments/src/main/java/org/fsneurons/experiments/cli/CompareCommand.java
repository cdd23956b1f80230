package org.fsneurons.experiments.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
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
import org.fsneurons.tracking.RunSummary;
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
    Workspace ws = Workspace.of(spec);
    Map<String, String> env = ws.variables();
    Connection.uri(trackingUri, env);
    Connection.timeout(trackingTimeout, env);
    Path home = ws.home();
    String mlflowName = mlflowExperiment != null ? mlflowExperiment : defaultMlflowExperiment(ws);
    try (Connection conn =
        Connection.open(trackingUri, trackingTimeout, env, home, ws.results(results), err)) {
      Optional<JsonNode> exp = conn.tracker().findExperiment(mlflowName);
      if (exp.isEmpty()) {
        throw new UserInputException(
            "no MLflow experiment '"
                + mlflowName
                + "' at "
                + conn.uri()
                + "; run './fs run' first or give --mlflow-experiment");
      }
      String id = exp.get().path("experiment_id").asText();
      Map<String, List<RunSummary>> byName =
          RunSummary.newest(conn.tracker(), id, experiment, last);
      if (byName.isEmpty()) {
        String in = "' in MLflow experiment '" + mlflowName + "'";
        out.println(
            experiment == null
                ? "no runs in MLflow experiment '" + mlflowName + "'"
                : "no runs of experiment '" + experiment + in);
        return experiment == null ? 0 : 1;
      }
      String gap = "";
      for (Map.Entry<String, List<RunSummary>> e : byName.entrySet()) {
        out.print(gap);
        print(out, e.getKey(), e.getValue());
        gap = System.lineSeparator();
      }
      out.flush();
      return 0;
    } catch (TrackingException e) {
      err.println("fs compare: " + e.getMessage());
      return 1;
    }
  }

  private static void print(PrintWriter out, String name, List<RunSummary> runs) {
    Set<String> metrics = new LinkedHashSet<>();
    runs.forEach(r -> metrics.addAll(r.metrics().keySet()));
    List<String> header = new ArrayList<>(List.of("start", "run", "commit", "status"));
    header.addAll(metrics);
    List<List<String>> table = new ArrayList<>(List.of(header));
    for (RunSummary r : runs) {
      String start = TIME.format(Instant.ofEpochMilli(r.startMillis()));
      String id = r.runId().substring(0, Math.min(8, r.runId().length()));
      String c = r.gitCommit();
      String commit = c.length() > 10 ? c.substring(0, 8) + (c.endsWith("-dirty") ? "+" : "") : c;
      List<String> row = new ArrayList<>(List.of(start, id, commit, r.status()));
      metrics.forEach(
          m -> row.add(r.metrics().containsKey(m) ? ResultsTable.show(r.metrics().get(m)) : "-"));
      table.add(row);
    }
    String s = runs.size() == 1 ? "" : "s";
    out.println("experiment " + name + " (" + runs.size() + " run" + s + ", newest first)");
    int[] w = new int[header.size()];
    table.forEach(row -> Arrays.setAll(w, i -> Math.max(w[i], row.get(i).length())));
    for (List<String> row : table) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        // the run's columns to the left, metrics to the right
        String align = i < 4 ? "%-" : "%";
        line.append(i == 0 ? "" : "  ").append(String.format(align + w[i] + "s", row.get(i)));
      }
      out.println(line.toString().stripTrailing());
    }
  }

  private static String defaultMlflowExperiment(Workspace ws) {
    Path f = RunCommand.defaultFile(ws.home());
    if (Files.isRegularFile(f)) {
      try {
        return ExperimentsFile.load(f, ExperimentsFile.maxBytes(ws.variables())).mlflowExperiment();
      } catch (UserInputException e) {
        // a broken file should not stop browsing old runs
      }
    }
    return ExperimentsFile.DEFAULT_MLFLOW_EXPERIMENT;
  }
}
