package org.fsneurons.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tracking server that accepts connections and never answers (issue 11): every call is bounded by
 * the tracker's timeout, the run and every later one go to the spool, and the spool entry knows the
 * MLflow run created before the server went silent. The {@code @Timeout}s only guard against a
 * hang; no test asserts a duration.
 */
class TrackerTimeoutTest {
  private static final Path HOME = Path.of("").toAbsolutePath().getParent();
  private static final Duration SHORT = Duration.ofMillis(500);
  private static final String EXPERIMENTS =
      "{\"experiments\":[{\"experiment_id\":\"7\",\"name\":\"fsneurons\","
          + "\"lifecycle_stage\":\"active\"}]}";

  @TempDir Path dir;

  private RunRecord record(String localId) throws Exception {
    Path art = Files.createDirectories(dir.resolve("artifacts").resolve(localId));
    Files.writeString(art.resolve("experiment.yaml"), "experiment:\n  name: " + localId + "\n");
    return new RunRecord(
        localId,
        "fsneurons",
        "approx-relu",
        1_700_000_000_000L,
        1_700_000_002_000L,
        Map.of("coeffs.name", "relu"),
        Map.of("max_abs_error", 0.0244140625),
        Map.of("fs.status", "passed"),
        art);
  }

  @Test
  @Timeout(60)
  void silentServerSpoolsThisAndEveryLaterRun() throws Exception {
    Spool spool = new Spool(dir.resolve("spool"));
    StringWriter err = new StringWriter();
    try (FakeMlflow fake = FakeMlflow.silent()) {
      Tracking t =
          Tracking.to(
              new MlflowTracker(fake.uri(), HOME, SHORT), spool, new PrintWriter(err, true));
      assertEquals("spooled", t.record(record("20250101T000000000Z-a")));
      assertEquals("spooled", t.record(record("20250101T000000000Z-b")));
      assertEquals(
          List.of("experiments/search"),
          fake.asked,
          "the second run does not wait on the server again");
    }
    assertEquals(1, err.toString().lines().count(), err.toString());
    assertTrue(err.toString().contains("MLflow server at http://127.0.0.1:"), err.toString());
    assertTrue(
        err.toString().contains("POST experiments/search: no answer within 0.5 s"), err.toString());
    List<Spool.Entry> entries = spool.entries();
    assertEquals(
        List.of("20250101T000000000Z-a", "20250101T000000000Z-b"),
        entries.stream().map(e -> e.record().localId()).toList());
    assertNull(entries.get(0).partialRunId());
    assertTrue(entries.get(0).error().contains("no answer within 0.5 s"), entries.get(0).error());
    assertTrue(Files.exists(entries.get(0).record().artifactDir().resolve("experiment.yaml")));
  }

  /**
   * Ctrl-C while the upload hangs (a 60 s timeout here): the wait ends at once, the run is spooled.
   */
  @Test
  @Timeout(60)
  void anAbandonedUploadLeavesTheRunInTheSpoolAndTheRestGoThere() throws Exception {
    Spool spool = new Spool(dir.resolve("spool"));
    StringWriter err = new StringWriter();
    try (FakeMlflow fake = FakeMlflow.silent()) {
      Tracking t =
          Tracking.to(
              new MlflowTracker(fake.uri(), HOME, Duration.ofSeconds(60)),
              spool,
              new PrintWriter(err, true));
      CompletableFuture<String> note =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return t.record(record("20250101T000000000Z-a"));
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      while (fake.asked.isEmpty()) { // the upload is waiting for the silent server
        Thread.sleep(20);
      }
      assertTrue(t.abandonUpload("stopped by Ctrl-C"));
      assertEquals("spooled", note.get());
      assertEquals("spooled", t.record(record("20250101T000000000Z-b")));
      assertEquals(List.of("experiments/search"), fake.asked);
    }
    assertTrue(err.toString().contains("tracking failed (stopped by Ctrl-C)"), err.toString());
    List<Spool.Entry> entries = spool.entries();
    assertEquals(2, entries.size());
    assertEquals("stopped by Ctrl-C", entries.get(0).error());
  }

  @Test
  @Timeout(60)
  void theSpoolEntryKnowsTheRunCreatedBeforeTheServerWentSilent() throws Exception {
    Spool spool = new Spool(dir.resolve("spool"));
    try (FakeMlflow fake =
        new FakeMlflow(
            Map.of(
                "experiments/search",
                EXPERIMENTS,
                "runs/create",
                "{\"run\":{\"info\":{\"run_id\":\"0123abcd\"}}}"))) {
      Tracking t =
          Tracking.to(
              new MlflowTracker(fake.uri(), HOME, SHORT),
              spool,
              new PrintWriter(new StringWriter(), true));
      assertEquals("spooled", t.record(record("20250101T000000000Z-a")));
      assertEquals(List.of("experiments/search", "runs/create", "runs/log-batch"), fake.asked);
    }
    Spool.Entry e = spool.entries().get(0);
    assertEquals("0123abcd", e.partialRunId());
    assertTrue(e.error().contains("POST runs/log-batch: no answer within 0.5 s"), e.error());
  }

  @Test
  @Timeout(120)
  void anArtifactUploadThatHangsIsStoppedAndTheRunSpooled() throws Exception {
    assumeTrue(
        Files.isExecutable(PythonEnv.python(HOME)),
        "no Python environment: run scripts/install-python-env.sh");
    Spool spool = new Spool(dir.resolve("spool"));
    // every REST call of the Java side answers; the Python artifact CLI's own call to the server
    // never does
    try (FakeMlflow fake =
        new FakeMlflow(
            Map.of(
                "experiments/search",
                EXPERIMENTS,
                "runs/create",
                "{\"run\":{\"info\":{\"run_id\":\"0123abcd\"}}}",
                "runs/log-batch",
                "{}",
                "runs/search",
                "{}",
                "runs/update",
                "{}"))) {
      Tracking t =
          Tracking.to(
              new MlflowTracker(fake.uri(), HOME, Duration.ofSeconds(1)),
              spool,
              new PrintWriter(new StringWriter(), true));
      assertEquals("spooled", t.record(record("20250101T000000000Z-a")));
      assertTrue(!fake.asked.contains("runs/update"), "not marked FINISHED: " + fake.asked);
    }
    Spool.Entry e = spool.entries().get(0);
    assertEquals("0123abcd", e.partialRunId());
    assertTrue(e.error().contains("artifact upload"), e.error());
  }

  @Test
  @Timeout(60)
  void syncAgainstASilentServerKeepsEveryEntry() throws Exception {
    Spool spool = new Spool(dir.resolve("spool"));
    spool.save(record("20250101T000000000Z-a"), null, "down");
    spool.save(record("20250101T000000000Z-b"), null, "down");
    StringWriter err = new StringWriter();
    Spool.SyncResult r;
    try (FakeMlflow fake = FakeMlflow.silent()) {
      r = spool.sync(new MlflowTracker(fake.uri(), HOME, SHORT), new PrintWriter(err, true));
      assertEquals(List.of("experiments/search"), fake.asked);
    }
    assertEquals(0, r.uploaded());
    assertEquals(2, r.failed());
    assertEquals(2, spool.entries().size());
    assertTrue(
        err.toString().contains("20250101T000000000Z-a: not uploaded: MLflow server at"),
        err.toString());
  }
}
