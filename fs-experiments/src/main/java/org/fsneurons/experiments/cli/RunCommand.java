package org.fsneurons.experiments.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.fsneurons.experiments.config.ExperimentSpec;
import org.fsneurons.experiments.config.ExperimentsConfig;
import org.fsneurons.experiments.config.ExperimentsFile;
import org.fsneurons.experiments.results.Status;
import org.fsneurons.experiments.runner.KindRunners;
import org.fsneurons.experiments.runner.RunLoop;
import org.fsneurons.experiments.runner.RunSummary;
import org.fsneurons.experiments.runner.Selection;
import org.fsneurons.experiments.runner.adapter.Adapters;
import org.fsneurons.experiments.tracking.Connection;
import org.fsneurons.experiments.tracking.Provenance;
import org.fsneurons.experiments.tracking.PythonEnv;
import org.fsneurons.experiments.tracking.Spool;
import org.fsneurons.experiments.tracking.Tracking;
import org.fsneurons.experiments.tracking.TrackingException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./fs run}: runs the experiments of experiments.yaml, writes results/ and tracks each run in MLflow. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run the experiments of an experiments.yaml file.",
      "Writes results/latest.csv (this run) and appends to results/runs.csv first, then logs one MLflow run per"
          + " experiment. Without --tracking-uri or MLFLOW_TRACKING_URI it starts a local MLflow server over"
          + " results/mlflow/ and stops it when done. Runs the server did not take are kept in results/spool/"
          + " for './fs sync'.",
      "Prints 'passed: N failed: N skipped: N'; exit status 1 if an experiment failed."
    })
public final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "FILE",
      description = "Experiments file (default: ./experiments.yaml, else $FS_HOME/experiments.yaml).")
  Path file;

  @Option(names = "--only", split = ",", paramLabel = "NAME|TAG",
      description = "Run only experiments with this name or tag (repeatable, or comma-separated).")
  List<String> only;

  @Option(names = "--tracking-uri", paramLabel = "URI",
      description = "MLflow server, e.g. http://127.0.0.1:5000 (default: $MLFLOW_TRACKING_URI, else a local server).")
  String trackingUri;

  @Option(names = "--no-tracking", description = "Do not log to MLflow (results/ only).")
  boolean noTracking;

  @Option(names = "--results", paramLabel = "DIR",
      description = "Results folder (default: $FS_HOME/results).")
  Path results;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path home = PythonEnv.fsHome();
    ExperimentsConfig cfg = ExperimentsFile.load(file != null ? file : defaultFile(home));
    List<ExperimentSpec> selected = Selection.select(cfg, only);
    Path resultsDir = PythonEnv.resultsDir(results);
    Map<String, String> env = System.getenv();
    Spool spool = new Spool(resultsDir.resolve("spool"));
    Connection conn = null;
    Tracking tracking;
    if (noTracking) {
      tracking = Tracking.disabled();
    } else {
      try {
        conn = Connection.open(trackingUri, env, home, resultsDir, err);
        tracking = Tracking.to(conn.tracker(), spool, err);
      } catch (TrackingException e) {
        err.println("fs run: no tracking server (" + e.getMessage() + "); runs go to " + spool.dir()
            + " for './fs sync'");
        tracking = Tracking.spoolOnly(spool, e.getMessage(), err);
      }
    }
    err.println("fs run: " + selected.size() + " of " + cfg.experiments().size() + " experiments from " + cfg.file()
        + (conn != null ? "; MLflow experiment '" + cfg.mlflowExperiment() + "' at " + conn.uri() : ""));
    err.flush();
    RunSummary summary;
    try {
      RunLoop loop = new RunLoop(KindRunners.standard(Adapters.discover()), tracking, resultsDir, home, env,
          Provenance.detect(home), Clock.systemUTC(), err);
      summary = loop.run(cfg, selected);
      err.println("fs run: results in " + loop.latestCsv() + " (appended to " + loop.runsCsv() + ")");
    } finally {
      if (conn != null) {
        conn.close();
      }
    }
    int spooled = tracking.spooled();
    if (spooled > 0) {
      err.println("fs run: " + spooled + " run(s) waiting in " + spool.dir() + "; upload them with './fs sync'");
    }
    err.flush();
    out.println(summary.line());
    out.flush();
    return summary.count(Status.FAILED) > 0 ? 1 : 0;
  }

  /** ./experiments.yaml if present, else the repository's. */
  static Path defaultFile(Path home) {
    Path here = Path.of("experiments.yaml");
    return Files.isRegularFile(here) ? here : home.resolve("experiments.yaml");
  }
}
