package org.fsneurons.experiments.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.fsneurons.core.UserInputException;
import org.fsneurons.experiments.config.ExperimentSpec;
import org.fsneurons.experiments.config.ExperimentsConfig;
import org.fsneurons.experiments.config.ExperimentsFile;
import org.fsneurons.experiments.results.ResultsTable;
import org.fsneurons.experiments.results.Status;
import org.fsneurons.experiments.runner.RunLoop;
import org.fsneurons.experiments.runner.RunSummary;
import org.fsneurons.experiments.runner.Selection;
import org.fsneurons.tracking.Provenance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./fs run}: runs the experiments of experiments.yaml, writes results/ and tracks each run
 * in MLflow.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run the experiments of an experiments.yaml file.",
      "Writes results/latest.csv (this run) and appends to results/runs.csv first, then logs one MLflow run per"
          + " experiment. Without --tracking-uri or MLFLOW_TRACKING_URI it starts a local MLflow server over"
          + " results/mlflow/ and stops it when done. Runs the server did not take are kept in results/spool/"
          + " for './fs sync'.",
      "Ctrl-C records the running experiment as interrupted (never failed) and runs nothing more (exit status 130).",
      "--record FILE.csv also writes the table of a complete run there (the committed reference results).",
      "Prints 'passed: N failed: N skipped: N measured: N interrupted: N' (measured: ran without an expectation);"
          + " exit status 1 if an experiment failed."
    })
public final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "FILE",
      description =
          "Experiments file (default: ./experiments.yaml, else $FS_HOME/experiments.yaml).")
  Path file;

  @Option(
      names = "--only",
      split = ",",
      splitSynopsisLabel = ",",
      paramLabel = "NAME|TAG",
      description = "Run only experiments with this name or tag (repeatable, or comma-separated).")
  List<String> only;

  @Mixin TrackingArgs trackingArgs;

  @Option(
      names = "--results",
      paramLabel = "DIR",
      description =
          "Results folder (default: $FS_HOME/results); the run writes latest.csv, runs.csv and artifacts/"
              + " there (ignored by git).")
  Path results;

  @Option(
      names = "--record",
      paramLabel = "FILE.csv",
      description =
          "Also write this run's table to FILE.csv when every selected experiment has run (not after"
              + " Ctrl-C): the committed reference results, e.g. results/reference/quick.csv. Only this flag writes them.")
  Path record;

  /** How long Ctrl-C waits for the running experiment to be recorded as interrupted. */
  static final Duration INTERRUPT_WAIT = Duration.ofSeconds(20);

  /** Exit status of a run stopped by Ctrl-C (128 + SIGINT, as a shell reports it). */
  static final int INTERRUPTED_EXIT = 130;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    Workspace ws = Workspace.of(spec);
    Path home = ws.home();
    requireFolder("--results", results);
    requireCsvFile(record);
    ExperimentsConfig cfg =
        ExperimentsFile.load(
            file != null ? file : defaultFile(home), ExperimentsFile.maxBytes(ws.variables()));
    List<ExperimentSpec> selected = Selection.select(cfg, only);
    Path resultsDir = ws.results(results);
    requireFolder("results folder", resultsDir);
    // --record replaces its file: never the history that every run appends to
    Flags.distinct("--record", record, "the run history", resultsDir.resolve(RunLoop.RUNS_CSV));
    Map<String, String> env = ws.variables();
    TrackingArgs.Opened opened = trackingArgs.open("fs run", home, resultsDir, env, err);
    err.printf(
        Locale.ROOT,
        "fs run: %d of %d experiments from %s%s%n",
        selected.size(),
        cfg.experiments().size(),
        cfg.file(),
        opened.where(cfg.mlflowExperiment()));
    err.flush();
    RunLoop loop =
        new RunLoop(
            RunLoop::runKind,
            opened.tracking(),
            resultsDir,
            env,
            Provenance.detect(home),
            Clock.systemUTC(),
            err);
    // Ctrl-C (SIGINT) runs the JVM's shutdown hooks while the loop is still running: record the
    // running experiment as interrupted (never failed), start nothing more, and give the loop a
    // bounded time to finish writing
    Thread hook =
        new Thread(
            () -> {
              err.println(
                  "fs run: interrupted; recording the running experiment as interrupted (at most "
                      + INTERRUPT_WAIT.toSeconds()
                      + " s)");
              err.flush();
              loop.interrupt(INTERRUPT_WAIT);
              err.println("fs run: interrupted; results in " + loop.latestCsv());
              err.flush();
            },
            "fs-run-interrupt");
    Runtime.getRuntime().addShutdownHook(hook);
    RunSummary summary;
    try {
      summary = loop.run(cfg, selected);
      err.println(
          "fs run: results in " + loop.latestCsv() + " (appended to " + loop.runsCsv() + ")");
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the JVM is exiting (Ctrl-C): the hook is running and records what is left
      }
      opened.close();
    }
    if (record != null && summary.interrupted()) {
      err.println(
          "fs run: interrupted; " + record + " not written (--record writes complete runs only)");
    } else if (record != null) {
      ResultsTable.write(
          record, summary.results().stream().flatMap(r -> r.rows().stream()).toList());
      err.println("fs run: reference results written to " + record);
    }
    opened.reportSpooled("fs run", err);
    err.flush();
    spec.commandLine().getOut().println(summary.line());
    spec.commandLine().getOut().flush();
    if (summary.interrupted()) {
      return INTERRUPTED_EXIT;
    }
    return summary.count(Status.FAILED) > 0 ? 1 : 0;
  }

  /** A folder option: absent or a folder; a file there (or above it) is a one-line user error. */
  static void requireFolder(String what, Path dir) {
    requireFolder(
        what,
        dir,
        " (the run writes latest.csv, runs.csv and artifacts/ into it)",
        "--results results");
  }

  private static void requireFolder(String what, Path dir, String purpose, String example) {
    Path p = dir == null ? null : dir.toAbsolutePath();
    while (p != null && !Files.exists(p)) {
      p = p.getParent();
    }
    if (p != null && !Files.isDirectory(p)) {
      throw new UserInputException(
          String.format(
              "%s %s: expected a folder%s, found a file%s; give a folder, e.g. %s",
              what, dir, purpose, p.equals(dir.toAbsolutePath()) ? "" : " at " + p, example));
    }
  }

  /** {@code --record}: a .csv file path, not a folder. */
  static void requireCsvFile(Path file) {
    if (file == null) {
      return;
    }
    if (Files.isDirectory(file) || !file.getFileName().toString().endsWith(".csv")) {
      throw new UserInputException(
          String.format(
              "--record %s: expected a .csv file to write this run's table to, found %s; e.g."
                  + " --record results/reference/quick.csv",
              file, Files.isDirectory(file) ? "a folder" : "'" + file.getFileName() + "'"));
    }
    requireFolder(
        "--record",
        file.toAbsolutePath().getParent(),
        " for " + file.getFileName(),
        "--record results/reference/quick.csv");
  }

  /** ./experiments.yaml if present, else the repository's. */
  static Path defaultFile(Path home) {
    Path here = Path.of("experiments.yaml");
    return Files.isRegularFile(here) ? here : home.resolve("experiments.yaml");
  }
}
