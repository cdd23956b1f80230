package org.fsneurons.experiments.runner;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.fsneurons.core.UserInputException;
import org.fsneurons.experiments.config.Expectation;
import org.fsneurons.experiments.config.ExperimentSpec;
import org.fsneurons.experiments.config.ExperimentsConfig;
import org.fsneurons.experiments.config.Kind;
import org.fsneurons.experiments.config.ResolvedExperiment;
import org.fsneurons.experiments.config.Resolver;
import org.fsneurons.experiments.results.Check;
import org.fsneurons.experiments.results.ExperimentResult;
import org.fsneurons.experiments.results.ResultRow;
import org.fsneurons.experiments.results.ResultsTable;
import org.fsneurons.experiments.tracking.Provenance;
import org.fsneurons.experiments.tracking.RunRecord;
import org.fsneurons.experiments.tracking.Tracking;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop of {@code ./fs run}. For each selected experiment, in file order: resolve it (env substitution; an unset
 * variable skips it), run its kind's runner in {@code results/artifacts/<name>/} (emptied first), check the
 * expectations, write the rows locally — {@code results/latest.csv} rewritten with all rows of this run so far,
 * {@code results/runs.csv} appended — and only then hand the run to {@link Tracking} (MLflow, or the spool). One
 * progress line per experiment goes to {@code progress}. An exception in one experiment fails that experiment only.
 */
public final class RunLoop {
  /** File name of this run's results table in the results folder. */
  public static final String LATEST_CSV = "latest.csv";

  private static final Logger LOG = LoggerFactory.getLogger(RunLoop.class);
  private static final DateTimeFormatter ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final Map<Kind, ExperimentKindRunner> runners;
  private final Tracking tracking;
  private final Path resultsDir;
  private final Path fsHome;
  private final Map<String, String> env;
  private final Provenance provenance;
  private final Clock clock;
  private final PrintWriter progress;

  public RunLoop(Map<Kind, ExperimentKindRunner> runners, Tracking tracking, Path resultsDir, Path fsHome,
      Map<String, String> env, Provenance provenance, Clock clock, PrintWriter progress) {
    this.runners = Map.copyOf(runners);
    this.tracking = tracking;
    this.resultsDir = resultsDir;
    this.fsHome = fsHome;
    this.env = Map.copyOf(env);
    this.provenance = provenance;
    this.clock = clock;
    this.progress = progress;
  }

  public Path latestCsv() {
    return resultsDir.resolve(LATEST_CSV);
  }

  public Path runsCsv() {
    return resultsDir.resolve("runs.csv");
  }

  /** Runs the experiments and returns their results (also in the tables and, if tracking, in MLflow or the spool). */
  public RunSummary run(ExperimentsConfig cfg, List<ExperimentSpec> selected) {
    Instant runStart = clock.instant();
    String timestamp = runStart.toString();
    String idTime = ID_TIME.format(runStart);
    List<ResultRow> latest = new ArrayList<>();
    List<ExperimentResult> results = new ArrayList<>();
    ResultsTable.write(latestCsv(), latest);
    int i = 0;
    for (ExperimentSpec spec : selected) {
      i++;
      String localId = idTime + "-" + spec.name;
      long t0 = clock.millis();
      long n0 = System.nanoTime();
      Path artifactDir = resultsDir.resolve("artifacts").resolve(spec.name);
      Measurement m = null;
      String skip = null;
      String error = null;
      ResolvedExperiment resolved = Resolver.resolve(cfg, spec, env);
      try {
        emptyDir(artifactDir);
        Files.writeString(artifactDir.resolve("experiment.yaml"), resolved.yaml(), StandardCharsets.UTF_8);
        if (resolved.unsetReason() != null) {
          throw new SkipException(resolved.unsetReason());
        }
        ExperimentKindRunner runner = runners.get(spec.kind);
        if (runner == null) {
          throw new SkipException("not available yet: no runner for kind " + spec.kind.id());
        }
        m = runner.run(resolved, new RunContext(artifactDir, env, fsHome, progress));
        collect(m, artifactDir);
      } catch (SkipException e) {
        skip = e.reason();
      } catch (UserInputException e) {
        error = e.getMessage();
      } catch (RuntimeException | IOException | LinkageError e) {
        error = "error: " + e;
        LOG.error("{}: {} (stack trace in {})", spec.name, e, artifactDir.resolve("error.txt"));
        writeStackTrace(e, artifactDir.resolve("error.txt"));
      }
      double seconds = (System.nanoTime() - n0) / 1e9;
      Map<String, Double> metrics = m == null ? Map.of() : m.metrics();
      ExperimentResult r = ExperimentResult.evaluate(timestamp, spec.name, spec.kind.id(), metrics,
          resolved.expectations(), skip, error, resolved.source(), provenance.gitCommit(), localId);
      results.add(r);
      List<ResultRow> rows = r.rows();
      latest.addAll(rows);
      ResultsTable.write(latestCsv(), latest);
      ResultsTable.append(runsCsv(), rows);
      String tracked = "";
      if (tracking.enabled()) {
        RunRecord rec = new RunRecord(localId, cfg.mlflowExperiment(), spec.name, t0, clock.millis(),
            params(resolved, m), metrics, tags(cfg, resolved, r, seconds), artifactDir);
        try {
          tracked = " -> " + tracking.record(rec);
        } catch (RuntimeException e) {
          // the rows are written; say what was not tracked and go on
          tracked = " -> not tracked (" + e.getMessage() + ")";
          LOG.error("{}: tracking failed: {}", spec.name, e.toString(), e);
        }
      }
      progress.println("[" + i + "/" + selected.size() + "] " + spec.name + " (" + spec.kind.id() + "): "
          + r.status().id() + detail(r) + String.format(Locale.ROOT, " %.1f s", seconds) + tracked);
      progress.flush();
    }
    return new RunSummary(results);
  }

  private static Map<String, String> params(ResolvedExperiment e, Measurement m) {
    Map<String, String> p = new LinkedHashMap<>(e.settings());
    if (m != null) {
      p.putAll(m.params());
    }
    return p;
  }

  private Map<String, String> tags(ExperimentsConfig cfg, ResolvedExperiment e, ExperimentResult r, double seconds) {
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
    r.checks().forEach((metric, c) -> {
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
      s.append("\n\n- ").append(x.metric()).append(": expected ").append(x.describe()).append(", got ")
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
      shown = r.metrics().entrySet().stream().limit(4)
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
        Files.copy(abs, dir.resolve(abs.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  /** The stack trace of an unexpected error, kept as an artifact beside the experiment's other files. */
  private static void writeStackTrace(Throwable t, Path file) {
    try {
      java.io.StringWriter w = new java.io.StringWriter();
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
