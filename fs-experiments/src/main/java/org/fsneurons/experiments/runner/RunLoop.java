package org.fsneurons.experiments.runner;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import java.util.stream.Stream;
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
import org.fsneurons.tracking.Provenance;
import org.fsneurons.tracking.RunRecord;
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

  private static final Logger LOG = LoggerFactory.getLogger(RunLoop.class);
  private static final DateTimeFormatter ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

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
  private final Path fsHome;
  private final Map<String, String> env;
  private final Provenance provenance;
  private final Clock clock;
  private final PrintWriter progress;

  /** How long {@link #interrupt} lets the loop record the running experiment itself. */
  private static final Duration GRACE = Duration.ofSeconds(2);

  private final ReentrantLock lock = new ReentrantLock();
  private final CountDownLatch loopDone = new CountDownLatch(1);
  private volatile boolean interruptRequested;
  private Current current;
  private final List<ResultRow> latest = new ArrayList<>();
  private final List<ExperimentResult> results = new ArrayList<>();

  public RunLoop(
      Tracking tracking,
      Path resultsDir,
      Path fsHome,
      Map<String, String> env,
      Provenance provenance,
      Clock clock,
      PrintWriter progress) {
    this(RunLoop::runKind, tracking, resultsDir, fsHome, env, provenance, clock, progress);
  }

  /**
   * As the public constructor, with {@code body} in place of the kinds (tests: an experiment that
   * blocks).
   */
  RunLoop(
      Body body,
      Tracking tracking,
      Path resultsDir,
      Path fsHome,
      Map<String, String> env,
      Provenance provenance,
      Clock clock,
      PrintWriter progress) {
    this.body = body;
    this.tracking = tracking;
    this.resultsDir = resultsDir;
    this.fsHome = fsHome;
    this.env = Map.copyOf(env);
    this.provenance = provenance;
    this.clock = clock;
    this.progress = progress;
  }

  /** Runs one resolved experiment in its context. */
  @FunctionalInterface
  interface Body {
    Measurement run(ResolvedExperiment e, RunContext ctx) throws SkipException;
  }

  /**
   * Runs an experiment of any kind: one class per kind. Throws {@link SkipException} when it cannot
   * run here (missing model or data), {@link UserInputException} for a mistake in its settings;
   * anything else fails it.
   */
  static Measurement runKind(ResolvedExperiment e, RunContext ctx) throws SkipException {
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
    return resultsDir.resolve("runs.csv");
  }

  /**
   * Runs the experiments and returns their results (also in the tables and, if tracking, in MLflow
   * or the spool).
   */
  public RunSummary run(ExperimentsConfig cfg, List<ExperimentSpec> selected) {
    Instant runStart = clock.instant();
    String timestamp = runStart.toString();
    String idTime = idTime(runStart);
    try {
      lock.lock();
      try {
        ResultsTable.write(latestCsv(), latest);
      } finally {
        lock.unlock();
      }
      int i = 0;
      for (ExperimentSpec spec : selected) {
        i++;
        Current c =
            new Current(
                cfg,
                spec,
                timestamp,
                idTime + "-" + spec.name,
                i,
                selected.size(),
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
    ExperimentSpec spec = c.spec;
    Measurement m = null;
    String skip = null;
    String error = null;
    c.resolved = Resolver.resolve(c.cfg, spec, env);
    try {
      RunContext ctx = new RunContext(c.artifactDir, env, fsHome, progress, tracking.enabled());
      emptyDir(c.artifactDir);
      if (Files.exists(ctx.modelDir())) {
        emptyDir(ctx.modelDir()); // the previous run's converted model
      }
      Files.writeString(
          c.artifactDir.resolve("experiment.yaml"), c.resolved.yaml(), StandardCharsets.UTF_8);
      if (c.resolved.unsetReason() != null) {
        throw new SkipException(c.resolved.unsetReason());
      }
      m = body.run(c.resolved, ctx);
      collect(m, c.artifactDir);
    } catch (SkipException e) {
      skip = e.reason();
    } catch (UserInputException e) {
      error = e.getMessage();
    } catch (RuntimeException | IOException | LinkageError e) {
      error = "error: " + e;
      if (!interruptRequested) {
        LOG.error("{}: {} (stack trace in {})", spec.name, e, c.artifactDir.resolve("error.txt"));
        writeStackTrace(e, c.artifactDir.resolve("error.txt"));
      }
    }
    Map<String, Double> metrics = m == null ? Map.of() : m.metrics();
    lock.lock();
    try {
      if (c.recorded) {
        return; // the interrupt recorded it while it ran
      }
      ExperimentResult r;
      if (interruptRequested) {
        // whatever it threw (ONNX Runtime: "Shutdown in progress") or returned, the user stopped it
        r = interruptedResult(c, metrics);
      } else {
        r =
            ExperimentResult.evaluate(
                c.timestamp,
                spec.name,
                spec.kind.id(),
                metrics,
                c.resolved.expectations(),
                skip,
                error,
                c.resolved.source(),
                provenance.gitCommit(),
                c.localId);
      }
      record(c, r, m);
    } finally {
      lock.unlock();
    }
  }

  private ExperimentResult interruptedResult(Current c, Map<String, Double> metrics) {
    double seconds = (System.nanoTime() - c.n0) / 1e9;
    return ExperimentResult.interrupted(
        c.timestamp,
        c.spec.name,
        c.spec.kind.id(),
        metrics,
        c.resolved.expectations(),
        String.format(Locale.ROOT, "interrupted by the user after %.1f s", seconds),
        c.resolved.source(),
        provenance.gitCommit(),
        c.localId);
  }

  /**
   * Writes the rows, then hands the run to tracking and prints its progress line. Holds the lock.
   */
  private void record(Current c, ExperimentResult r, Measurement m) {
    c.recorded = true;
    double seconds = (System.nanoTime() - c.n0) / 1e9;
    results.add(r);
    List<ResultRow> rows = r.rows();
    latest.addAll(rows);
    ResultsTable.write(latestCsv(), latest);
    ResultsTable.append(runsCsv(), rows);
    String tracked = "";
    if (tracking.enabled()) {
      RunRecord rec =
          new RunRecord(
              c.localId,
              c.cfg.mlflowExperiment(),
              c.spec.name,
              c.t0,
              clock.millis(),
              params(c.resolved, m),
              r.metrics(),
              tags(c.cfg, c.resolved, r, seconds),
              c.artifactDir);
      if (m != null) {
        rec = rec.withModels(m.models()).withInputs(m.inputs());
      }
      try {
        tracked = " -> " + tracking.record(rec);
      } catch (RuntimeException e) {
        // the rows are written; say what was not tracked and go on
        tracked = " -> not tracked (" + e.getMessage() + ")";
        LOG.error("{}: tracking failed: {}", c.spec.name, e.toString(), e);
      }
    }
    progress.println(
        "["
            + c.index
            + "/"
            + c.total
            + "] "
            + c.spec.name
            + " ("
            + c.spec.kind.id()
            + "): "
            + r.status().id()
            + detail(r)
            + String.format(Locale.ROOT, " %.1f s", seconds)
            + tracked);
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
        if (c != null && !c.recorded && c.resolved != null) {
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

  /** The experiment being run and what recording it needs. Guarded by {@link #lock}. */
  private static final class Current {
    final ExperimentsConfig cfg;
    final ExperimentSpec spec;
    final String timestamp;
    final String localId;
    final int index;
    final int total;
    final long t0;
    final long n0;
    final Path artifactDir;
    volatile ResolvedExperiment resolved;
    boolean recorded;

    Current(
        ExperimentsConfig cfg,
        ExperimentSpec spec,
        String timestamp,
        String localId,
        int index,
        int total,
        long t0,
        long n0,
        Path artifactDir) {
      this.cfg = cfg;
      this.spec = spec;
      this.timestamp = timestamp;
      this.localId = localId;
      this.index = index;
      this.total = total;
      this.t0 = t0;
      this.n0 = n0;
      this.artifactDir = artifactDir;
    }
  }

  private static Map<String, String> params(ResolvedExperiment e, Measurement m) {
    Map<String, String> p = new LinkedHashMap<>(e.settings());
    if (m != null) {
      p.putAll(m.params());
    }
    return p;
  }

  private Map<String, String> tags(
      ExperimentsConfig cfg, ResolvedExperiment e, ExperimentResult r, double seconds) {
    Map<String, String> t = new LinkedHashMap<>(provenance.tags());
    t.put("fs.experiment", e.name());
    t.put("fs.kind", e.kind().id());
    t.put("fs.status", r.status().id());
    if (!r.reason().isEmpty()) {
      t.put("fs.reason", r.reason());
    }
    t.put("fs.local_id", r.localId());
    t.put("fs.tags", String.join(",", e.tags()));
    for (String tag : e.tags()) {
      t.put("fs.tag." + tag, "true");
    }
    if (!e.source().isEmpty()) {
      t.put("fs.source", e.source());
    }
    t.put("fs.file", cfg.file().toString());
    t.put("fs.duration_s", String.format(Locale.ROOT, "%.3f", seconds));
    r.checks()
        .forEach(
            (metric, c) -> {
              if (c != Check.NONE) {
                t.put("fs.check." + metric, c.id());
              }
            });
    t.put("mlflow.source.name", "fs run");
    t.put("mlflow.source.type", "LOCAL");
    String user = System.getProperty("user.name");
    if (user != null) {
      t.put("mlflow.user", user);
    }
    t.put("mlflow.note.content", note(e, r));
    return t;
  }

  private static String note(ResolvedExperiment e, ExperimentResult r) {
    StringBuilder s = new StringBuilder();
    s.append("**").append(r.status().id()).append("**");
    if (!r.reason().isEmpty()) {
      s.append(": ").append(r.reason());
    }
    if (!e.source().isEmpty()) {
      s.append("\n\nsource: ").append(e.source());
    }
    for (Expectation x : e.expectations()) {
      Double got = r.metrics().get(x.metric());
      s.append("\n\n- ")
          .append(x.metric())
          .append(": expected ")
          .append(x.describe())
          .append(", got ")
          .append(got == null ? "-" : got.toString());
    }
    return s.toString();
  }

  /** For the progress line: the reason, or the expected metrics with their values. */
  private static String detail(ExperimentResult r) {
    if (!r.reason().isEmpty()) {
      return ": " + r.reason();
    }
    List<String> shown = new ArrayList<>();
    for (Expectation x : r.expectations()) {
      Double v = r.metrics().get(x.metric());
      if (v != null) {
        shown.add(x.metric() + "=" + ResultsTable.show(v));
      }
    }
    if (shown.isEmpty()) {
      shown =
          r.metrics().entrySet().stream()
              .limit(4)
              .map(en -> en.getKey() + "=" + ResultsTable.show(en.getValue()))
              .collect(Collectors.toList());
    }
    return shown.isEmpty() ? "" : " (" + String.join(", ", shown) + ")";
  }

  /** Copies artifacts (and the per-layer CSV) that the runner left outside its folder into it. */
  private static void collect(Measurement m, Path dir) throws IOException {
    List<Path> files = new ArrayList<>(m.artifacts());
    if (m.perLayerCsv() != null) {
      files.add(m.perLayerCsv());
    }
    for (Path f : files) {
      Path abs = f.toAbsolutePath().normalize();
      if (!abs.startsWith(dir.toAbsolutePath().normalize()) && Files.isRegularFile(abs)) {
        Files.copy(
            abs, dir.resolve(abs.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  /**
   * The stack trace of an unexpected error, kept as an artifact beside the experiment's other
   * files.
   */
  private static void writeStackTrace(Throwable t, Path file) {
    try {
      StringWriter w = new StringWriter();
      t.printStackTrace(new PrintWriter(w));
      Files.createDirectories(file.getParent());
      Files.writeString(file, w.toString(), StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      LOG.debug("cannot write {}: {}", file, e.toString());
    }
  }

  private static void emptyDir(Path dir) {
    try {
      if (Files.exists(dir)) {
        try (Stream<Path> s = Files.walk(dir)) {
          for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
            if (!p.equals(dir)) {
              Files.delete(p);
            }
          }
        }
      }
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare artifact folder " + dir, e);
    }
  }
}
