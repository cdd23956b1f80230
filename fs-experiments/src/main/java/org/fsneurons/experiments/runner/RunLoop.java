package org.fsneurons.experiments.runner;

import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.commons.io.FileUtils;
import org.apache.commons.lang3.exception.ExceptionUtils;
import org.fsneurons.core.UserInputException;
import org.fsneurons.experiments.config.Expectation;
import org.fsneurons.experiments.config.ExperimentSpec;
import org.fsneurons.experiments.config.ExperimentsConfig;
import org.fsneurons.experiments.config.ResolvedExperiment;
import org.fsneurons.experiments.config.Resolver;
import org.fsneurons.experiments.results.Check;
import org.fsneurons.experiments.results.ExperimentResult;
import org.fsneurons.experiments.results.ResultRow;
import org.fsneurons.experiments.results.ResultsTable;
import org.fsneurons.experiments.results.RunId;
import org.fsneurons.models.data.Datasets;
import org.fsneurons.tracking.Provenance;
import org.fsneurons.tracking.RunRecord;
import org.fsneurons.tracking.RunTags;
import org.fsneurons.tracking.Tracking;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop of {@code ./fs run}. For each selected experiment, in file order: resolve it (env
 * substitution; an unset variable skips it), run its kind's runner in {@code
 * results/artifacts/<name>/} (emptied first), check the expectations, write the rows locally —
 * {@code results/latest.csv} rewritten with all rows of this run so far, {@code results/runs.csv}
 * appended — and only then hand the run to {@link Tracking} (MLflow, or the spool). One progress
 * line per experiment goes to {@code progress}. An exception in one experiment fails that
 * experiment only. After {@link #interrupt} (Ctrl-C) the running experiment is recorded as
 * interrupted and nothing more runs. One loop runs once.
 */
public final class RunLoop {
  /** File name of this run's results table in the results folder. */
  public static final String LATEST_CSV = "latest.csv";

  /** The run history in the results folder: every run's rows, appended. */
  public static final String RUNS_CSV = "runs.csv";

  private static final Logger LOG = LoggerFactory.getLogger(RunLoop.class);
  private static final DateTimeFormatter ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  /** How long {@link #interrupt} lets the loop record the running experiment itself. */
  private static final Duration GRACE = Duration.ofSeconds(2);

  /**
   * The time part of local run ids ({@code 20250102T030405000Z}): the run loop's runs are {@code
   * <time>-<experiment>}, other commands' (a sweep's) {@code <time>-<what>}.
   */
  public static String idTime(Instant t) {
    return ID_TIME.format(t);
  }

  private final Body body;
  private final Tracking tracking;
  private final Path resultsDir;
  private final Map<String, String> env;

  /** The dataset folders that {@code env} names, for every experiment's context. */
  private final Datasets datasets;

  private final Provenance provenance;
  private final Clock clock;
  private final PrintWriter progress;

  private final ReentrantLock lock = new ReentrantLock();
  private final CountDownLatch loopDone = new CountDownLatch(1);
  private volatile boolean interruptRequested;

  /** The experiment being run until it is recorded (by the loop or the interrupt); else null. */
  private Current current;

  private final List<ResultRow> latest = new ArrayList<>();
  private final List<ExperimentResult> results = new ArrayList<>();

  /** {@code body} runs each experiment: {@link #runKind}, in tests an experiment that blocks. */
  public RunLoop(
      Body body,
      Tracking tracking,
      Path resultsDir,
      Map<String, String> env,
      Provenance provenance,
      Clock clock,
      PrintWriter progress) {
    this.body = body;
    this.tracking = tracking;
    this.resultsDir = resultsDir;
    this.env = Map.copyOf(env);
    this.datasets = Datasets.withVariables(this.env);
    this.provenance = provenance;
    this.clock = clock;
    this.progress = progress;
  }

  /** Runs one resolved experiment in its context. */
  @FunctionalInterface
  public interface Body {
    Measurement run(ResolvedExperiment e, RunContext ctx) throws SkipException;
  }

  /**
   * Runs an experiment of any kind: one class per kind. Throws {@link SkipException} when it cannot
   * run here (missing model or data), {@link UserInputException} for a mistake in its settings;
   * anything else fails it.
   */
  public static Measurement runKind(ResolvedExperiment e, RunContext ctx) throws SkipException {
    return switch (e.kind()) {
      case APPROXIMATION -> ApproximationRunner.run(e, ctx);
      case NEURONS -> NeuronsRunner.run(e, ctx);
      case ACCURACY -> AccuracyRunner.run(e, ctx);
      case FIT -> FitRunner.run(e, ctx);
      case BENCH -> BenchRunner.run(e, ctx);
    };
  }

  public Path latestCsv() {
    return resultsDir.resolve(LATEST_CSV);
  }

  public Path runsCsv() {
    return resultsDir.resolve(RUNS_CSV);
  }

  /**
   * Runs the experiments and returns their results (also in the tables and, if tracking, in MLflow
   * or the spool).
   */
  public RunSummary run(ExperimentsConfig cfg, List<ExperimentSpec> selected) {
    Instant runStart = clock.instant();
    try {
      // no experiment is current yet, so the interrupt cannot be writing the table
      ResultsTable.write(latestCsv(), List.of());
      int i = 0;
      for (ExperimentSpec spec : selected) {
        i++;
        ResolvedExperiment e = Resolver.resolve(cfg, spec, env);
        RunId id =
            new RunId(
                runStart.toString(),
                e.name(),
                e.kind().id(),
                e.source(),
                provenance.gitCommit(),
                idTime(runStart) + "-" + spec.name);
        Current c =
            new Current(
                cfg,
                e,
                id,
                "[" + i + "/" + selected.size() + "] ",
                clock.millis(),
                System.nanoTime(),
                resultsDir.resolve("artifacts").resolve(spec.name));
        lock.lock();
        try {
          if (interruptRequested) {
            break; // run nothing more
          }
          current = c;
        } finally {
          lock.unlock();
        }
        runOne(c);
      }
    } finally {
      loopDone.countDown();
    }
    lock.lock();
    try {
      return new RunSummary(results, interruptRequested);
    } finally {
      lock.unlock();
    }
  }

  /** Runs one experiment and records it (unless the interrupt already recorded it). */
  private void runOne(Current c) {
    ResolvedExperiment e = c.resolved;
    Measurement m = null;
    String skip = null;
    String error = null;
    try {
      RunContext ctx = new RunContext(c.artifactDir, progress, tracking.enabled(), datasets);
      emptyDir(c.artifactDir);
      if (Files.exists(ctx.modelDir())) {
        emptyDir(ctx.modelDir()); // the previous run's converted model
      }
      Files.writeString(c.artifactDir.resolve("experiment.yaml"), e.yaml());
      if (e.unsetReason() != null) {
        throw new SkipException(e.unsetReason());
      }
      m = body.run(e, ctx);
      collect(m, c.artifactDir);
    } catch (SkipException x) {
      skip = x.reason();
    } catch (UserInputException x) {
      error = x.getMessage();
    } catch (RuntimeException | IOException | LinkageError x) {
      error = "error: " + x;
      if (!interruptRequested) {
        Path trace = c.artifactDir.resolve("error.txt");
        LOG.error("{}: {} (stack trace in {})", e.name(), x, trace);
        writeStackTrace(x, trace);
      }
    }
    Map<String, Double> metrics = m == null ? Map.of() : m.metrics();
    lock.lock();
    try {
      if (current != c) {
        return; // the interrupt recorded it while it ran
      }
      // interrupted: whatever it threw (ONNX Runtime: "Shutdown in progress") or returned, the user
      // stopped it
      ExperimentResult r =
          interruptRequested
              ? interruptedResult(c, metrics)
              : ExperimentResult.evaluate(c.id, metrics, e.expectations(), skip, error);
      record(c, r, m);
    } finally {
      lock.unlock();
    }
  }

  private ExperimentResult interruptedResult(Current c, Map<String, Double> metrics) {
    return ExperimentResult.interrupted(
        c.id,
        metrics,
        c.resolved.expectations(),
        String.format(Locale.ROOT, "interrupted by the user after %.1f s", c.seconds()));
  }

  /**
   * Writes the rows, then hands the run to tracking and prints its progress line. Holds the lock.
   */
  private void record(Current c, ExperimentResult r, Measurement m) {
    current = null;
    double seconds = c.seconds();
    ResolvedExperiment e = c.resolved;
    results.add(r);
    List<ResultRow> rows = r.rows();
    latest.addAll(rows);
    ResultsTable.write(latestCsv(), latest);
    ResultsTable.append(runsCsv(), rows);
    String tracked = "";
    if (tracking.enabled()) {
      Map<String, String> params = new LinkedHashMap<>(e.settings());
      RunTags tags =
          new RunTags(
                  provenance, e.name(), e.kind().id(), r.status().id(), r.reason(), c.id.localId())
              .labels(e.tags())
              .source(e.source())
              .put("fs.file", c.cfg.file().toString())
              .put("fs.duration_s", String.format(Locale.ROOT, "%.3f", seconds));
      r.checks().entrySet().stream()
          .filter(x -> x.getValue() != Check.NONE)
          .forEach(x -> tags.put("fs.check." + x.getKey(), x.getValue().id()));
      e.expectations()
          .forEach(x -> tags.expectation(x.metric(), x.describe(), r.metrics().get(x.metric())));
      if (m != null) {
        params.putAll(m.params());
      }
      RunRecord.Builder rec =
          RunRecord.builder(c.id.localId(), c.cfg.mlflowExperiment(), e.name())
              .startMs(c.t0)
              .endMs(clock.millis())
              .params(params)
              .metrics(r.metrics())
              .tags(tags.build("fs run"))
              .artifactDir(c.artifactDir);
      if (m != null) {
        rec.models(m.models()).inputs(m.inputs());
      }
      try {
        tracked = " -> " + tracking.record(rec.build());
      } catch (RuntimeException x) {
        // the rows are written; say what was not tracked and go on
        tracked = " -> not tracked (" + x.getMessage() + ")";
        LOG.error("{}: tracking failed: {}", e.name(), x.toString(), x);
      }
    }
    progress.printf(
        Locale.ROOT,
        "%s%s (%s): %s%s %.1f s%s%n",
        c.counter,
        e.name(),
        e.kind().id(),
        r.status().id(),
        detail(r),
        seconds,
        tracked);
    progress.flush();
  }

  /**
   * Stops the run (called from the shutdown hook of {@code ./fs run} on Ctrl-C): nothing more
   * starts, the running experiment is recorded as interrupted — by the loop if it stops within a
   * short grace period (an ONNX Runtime call then fails with "Shutdown in progress"), else here —
   * with its rows written and its run handed to tracking. Waits at most {@code limit} in all;
   * returns whether the loop had finished by then.
   */
  public boolean interrupt(Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    interruptRequested = true;
    try {
      if (loopDone.await(Math.min(GRACE.toNanos(), limit.toNanos()), TimeUnit.NANOSECONDS)) {
        return true;
      }
      // an upload that hangs (a server that accepts but never answers) keeps the loop's lock: stop
      // waiting for it, the run stays in the spool for ./fs sync
      tracking.abandonUpload("upload stopped by Ctrl-C; the run waits in the spool for ./fs sync");
      if (!lock.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        return false;
      }
      try {
        Current c = current;
        if (c != null) {
          record(c, interruptedResult(c, Map.of()), null);
          return false; // the experiment's own computation may still be going; the JVM ends it
        }
      } finally {
        lock.unlock();
      }
      // between experiments, or the loop was recording one: it sees the flag and stops
      return loopDone.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Whether {@link #interrupt} was called. */
  public boolean interrupted() {
    return interruptRequested;
  }

  /**
   * The experiment being run and what recording it needs: {@code counter} starts its progress line
   * ({@code [2/5] }), {@code t0} is its start (epoch ms), {@code n0} the same on {@link
   * System#nanoTime}.
   */
  private record Current(
      ExperimentsConfig cfg,
      ResolvedExperiment resolved,
      RunId id,
      String counter,
      long t0,
      long n0,
      Path artifactDir) {
    double seconds() {
      return (System.nanoTime() - n0) / 1e9;
    }
  }

  /** For the progress line: the reason, or the expected metrics with their values. */
  private static String detail(ExperimentResult r) {
    if (!r.reason().isEmpty()) {
      return ": " + r.reason();
    }
    Map<String, Double> m = r.metrics();
    List<String> expected =
        r.expectations().stream().map(Expectation::metric).filter(m::containsKey).toList();
    List<String> shown =
        (expected.isEmpty() ? m.keySet().stream().limit(4) : expected.stream())
            .map(k -> k + "=" + ResultsTable.show(m.get(k)))
            .toList();
    return shown.isEmpty() ? "" : " (" + String.join(", ", shown) + ")";
  }

  /** Copies artifacts that the runner left outside its folder into it. */
  private static void collect(Measurement m, Path dir) throws IOException {
    Path inside = dir.toAbsolutePath().normalize();
    for (Path f : m.artifacts()) {
      Path abs = f.toAbsolutePath().normalize();
      if (!abs.startsWith(inside) && Files.isRegularFile(abs)) {
        Files.copy(abs, dir.resolve(abs.getFileName().toString()), REPLACE_EXISTING);
      }
    }
  }

  /** The stack trace of an unexpected error, kept beside the experiment's other artifacts. */
  private static void writeStackTrace(Throwable t, Path file) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, ExceptionUtils.getStackTrace(t));
    } catch (IOException | RuntimeException e) {
      LOG.debug("cannot write {}: {}", file, e.toString());
    }
  }

  private static void emptyDir(Path dir) {
    try {
      Files.createDirectories(dir);
      FileUtils.cleanDirectory(dir.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare artifact folder " + dir, e);
    }
  }
}
