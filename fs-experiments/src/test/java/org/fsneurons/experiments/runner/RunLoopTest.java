package org.fsneurons.experiments.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.fsneurons.experiments.config.ExperimentsConfig;
import org.fsneurons.experiments.config.ExperimentsFile;
import org.fsneurons.experiments.config.Kind;
import org.fsneurons.experiments.results.ExperimentResult;
import org.fsneurons.experiments.results.ResultRow;
import org.fsneurons.experiments.results.ResultsTable;
import org.fsneurons.experiments.results.Status;
import org.fsneurons.tracking.LocalServer;
import org.fsneurons.tracking.MlflowTracker;
import org.fsneurons.tracking.Spool;
import org.fsneurons.tracking.Tracking;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunLoopTest {
  @TempDir Path dir;

  private static final String YAML =
      """
      experiments:
        - name: swish
          kind: approximation
          source: official README
          tags: [quick]
          coeffs: swish
          uniform: [-8, 12]
          points: 20000
          expect:
            mse: {max: 0.0036}
        - name: too-strict
          kind: approximation
          coeffs: relu
          uniform: [0, 25]
          points: 1000
          expect:
            max_abs_error: {max: 0.001}
        - name: imagenet
          kind: accuracy
          tags: [quick]
          model: ${RESNET50_ONNX}
          dataset: imagenet:val:1024
          expect:
            fs_top1: {value: 0.7547, tol: 0.03}
        - name: cifar-neurons
          kind: neurons
          arch: resnet50-cifar
          expect:
            neurons: {value: 475136, tol: 0}
        - name: broken
          kind: bench
          arch: resnet8-cifar
      """;

  private final StringWriter progress = new StringWriter();

  /** {@code yaml} written to experiments.yaml in {@code dir} and loaded. */
  private ExperimentsConfig load(String yaml) throws Exception {
    Path file = dir.resolve("experiments.yaml");
    Files.writeString(file, yaml);
    return ExperimentsFile.load(file);
  }

  /** The real kinds, except that the bench experiment throws an unexpected exception. */
  private RunSummary run(Tracking tracking, List<String> only) throws Exception {
    ExperimentsConfig cfg = load(YAML);
    return loop(
            (e, ctx) -> {
              throw new IllegalStateException("boom");
            },
            tracking)
        .run(cfg, Selection.select(cfg, only));
  }

  @Test
  void runsChecksWritesTablesAndArtifacts() throws Exception {
    // cifar-neurons runs the real neurons kind: ResNet-50 (CIFAR) has 475136 ReLU neurons
    RunSummary s = run(Tracking.disabled(), null);
    Map<String, ExperimentResult> byName =
        s.results().stream().collect(Collectors.toMap(r -> r.id().experiment(), r -> r));
    assertEquals(Status.PASSED, byName.get("swish").status());
    assertEquals(Status.FAILED, byName.get("too-strict").status());
    assertEquals(
        "max_abs_error = 0.0244140625, expected <= 0.001", byName.get("too-strict").reason());
    assertEquals(Status.SKIPPED, byName.get("imagenet").status());
    assertEquals("model ${RESNET50_ONNX} not set", byName.get("imagenet").reason());
    assertEquals(Status.PASSED, byName.get("cifar-neurons").status());
    assertEquals(Status.FAILED, byName.get("broken").status());
    assertEquals("error: java.lang.IllegalStateException: boom", byName.get("broken").reason());
    assertEquals("passed: 2 failed: 2 skipped: 1 measured: 0 interrupted: 0", s.line());

    List<ResultRow> latest = ResultsTable.read(dir.resolve("results/latest.csv"));
    assertEquals(s.results().stream().flatMap(r -> r.rows().stream()).toList(), latest);
    assertEquals("20250102T030405000Z-swish", latest.get(0).localId());
    assertEquals("abc", latest.get(0).gitCommit());
    Path art = dir.resolve("results/artifacts/swish");
    assertTrue(Files.exists(art.resolve("experiment.yaml")));
    assertTrue(Files.exists(art.resolve("coeffs-swish.json")));
    assertTrue(Files.exists(art.resolve("approximation-swish.png")));
    assertTrue(
        Files.readString(dir.resolve("results/artifacts/imagenet/experiment.yaml"))
            .contains("model: \"${RESNET50_ONNX}\""));
    String p = progress.toString();
    assertTrue(p.contains("[1/5] swish (approximation): passed (mse=0.00344"), p);
    assertTrue(p.contains("[3/5] imagenet (accuracy): skipped: model ${RESNET50_ONNX} not set"), p);
    assertEquals(5, p.lines().count());
  }

  @Test
  void latestIsRewrittenAndRunsAppended() throws Exception {
    run(Tracking.disabled(), List.of("quick"));
    run(Tracking.disabled(), List.of("quick"));
    List<ResultRow> latest = ResultsTable.read(dir.resolve("results/latest.csv"));
    List<ResultRow> runs = ResultsTable.read(dir.resolve("results/runs.csv"));
    assertEquals(
        List.of("swish", "imagenet"),
        latest.stream().map(ResultRow::experiment).distinct().toList());
    assertEquals(2 * latest.size(), runs.size());
  }

  @Test
  void withoutAServerEveryRunIsSpooled() throws Exception {
    Spool spool = new Spool(dir.resolve("results/spool"));
    Tracking t =
        Tracking.to(
            new MlflowTracker("http://127.0.0.1:" + LocalServer.freePort(), dir),
            spool,
            new PrintWriter(new StringWriter(), true));
    RunSummary s = run(t, List.of("swish", "imagenet"));
    assertEquals(2, s.results().size());
    List<Spool.Entry> entries = spool.entries();
    assertEquals(
        List.of("20250102T030405000Z-imagenet", "20250102T030405000Z-swish"),
        entries.stream().map(e -> e.record().localId()).toList());
    Spool.Entry swish = entries.get(1);
    assertEquals("passed", swish.record().tags().get("fs.status"));
    assertEquals("ok", swish.record().tags().get("fs.check.mse"));
    assertEquals("swish", swish.record().params().get("coeffs.name"));
    assertEquals(s.results().get(0).metrics(), swish.record().metrics());
    assertTrue(Files.exists(swish.record().artifactDir().resolve("approximation-swish.png")));
    assertEquals("skipped", entries.get(0).record().tags().get("fs.status"));
    assertTrue(progress.toString().contains("-> spooled"), progress.toString());
  }

  private static final String SLOW_YAML =
      """
      experiments:
        - name: slow
          kind: bench
          arch: resnet8-cifar
          expect:
            fs_over_ann: {max: 1.1}
        - name: after
          kind: approximation
          coeffs: relu
          uniform: [0, 25]
          points: 1000
      """;

  /**
   * A loop of the real kinds whose bench experiments call {@code bench} instead (an unexpected
   * exception, or a stand-in for a long computation).
   */
  private RunLoop loop(RunLoop.Body bench, Tracking tracking) {
    return FixedLoop.of(
        (e, ctx) -> e.kind() == Kind.BENCH ? bench.run(e, ctx) : RunLoop.runKind(e, ctx),
        tracking,
        dir.resolve("results"),
        new PrintWriter(progress, true));
  }

  @Test
  void interruptRecordsTheRunningExperimentAsInterruptedAndRunsNothingMore() throws Exception {
    ExperimentsConfig cfg = load(SLOW_YAML);
    CountDownLatch started = new CountDownLatch(1);
    RunLoop[] loop = new RunLoop[1];
    // as ONNX Runtime does when the JVM shuts down: the running call fails once the interrupt has
    // come
    loop[0] =
        loop(
            (e, ctx) -> {
              started.countDown();
              while (!loop[0].interrupted()) {
                Thread.onSpinWait();
              }
              throw new IllegalStateException("Shutdown in progress");
            },
            Tracking.disabled());
    CompletableFuture<RunSummary> run =
        CompletableFuture.supplyAsync(() -> loop[0].run(cfg, cfg.experiments()));
    started.await();
    assertTrue(loop[0].interrupt(Duration.ofSeconds(20)), "the loop finished within the limit");
    RunSummary s = run.get();
    assertTrue(s.interrupted());
    assertEquals(
        List.of("slow"),
        s.results().stream().map(r -> r.id().experiment()).toList(),
        "nothing runs after the interrupt");
    ExperimentResult r = s.results().get(0);
    assertEquals(Status.INTERRUPTED, r.status());
    assertTrue(r.reason().startsWith("interrupted by the user after "), r.reason());
    List<ResultRow> latest = ResultsTable.read(dir.resolve("results/latest.csv"));
    assertEquals(
        List.of(Status.INTERRUPTED), latest.stream().map(ResultRow::status).distinct().toList());
    assertTrue(
        Files.notExists(dir.resolve("results/artifacts/slow/error.txt")), "no error was recorded");
    assertEquals("passed: 0 failed: 0 skipped: 0 measured: 0 interrupted: 1", s.line());
  }

  @Test
  void anExperimentThatDoesNotStopIsRecordedByTheInterruptItselfOnce() throws Exception {
    ExperimentsConfig cfg = load(SLOW_YAML);
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Spool spool = new Spool(dir.resolve("results/spool"));
    // a computation that ignores the interrupt (a fit with a long time limit) and then completes
    // normally
    RunLoop loop =
        loop(
            (e, ctx) -> {
              started.countDown();
              try {
                release.await();
              } catch (InterruptedException x) {
                throw new IllegalStateException(x);
              }
              return Measurement.builder().metric("fs_over_ann", 1.0).build();
            },
            Tracking.spoolOnly(
                spool, "no server in this test", new PrintWriter(new StringWriter(), true)));
    CompletableFuture<RunSummary> run =
        CompletableFuture.supplyAsync(() -> loop.run(cfg, cfg.experiments()));
    started.await();
    assertFalse(loop.interrupt(Duration.ofSeconds(20)), "the loop is still inside the experiment");
    List<ResultRow> latest = ResultsTable.read(dir.resolve("results/latest.csv"));
    assertEquals(List.of("slow"), latest.stream().map(ResultRow::experiment).distinct().toList());
    assertEquals(Status.INTERRUPTED, latest.get(0).status());
    assertEquals("interrupted", spool.entries().get(0).record().tags().get("fs.status"));
    release.countDown();
    RunSummary s = run.get();
    assertEquals(1, s.results().size(), "recorded once, and nothing ran after it");
    assertEquals(Status.INTERRUPTED, s.results().get(0).status());
    assertEquals(latest.size(), ResultsTable.read(dir.resolve("results/runs.csv")).size());
    assertEquals(1, spool.entries().size());
  }
}
