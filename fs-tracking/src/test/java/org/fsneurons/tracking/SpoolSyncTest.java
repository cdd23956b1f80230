package org.fsneurons.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolSyncTest {
  @TempDir Path dir;

  private static final Path HOME = Path.of("").toAbsolutePath().getParent();

  private RunRecord record(String localId, String mlflowExperiment) throws Exception {
    Path art = Files.createDirectories(dir.resolve("artifacts").resolve(localId));
    Files.writeString(art.resolve("experiment.yaml"), "experiment:\n  name: " + localId + "\n");
    Files.createDirectories(art.resolve("plots"));
    Files.writeString(art.resolve("plots/p.txt"), "plot");
    return new RunRecord(
        localId,
        mlflowExperiment,
        "approx-relu",
        1_700_000_000_000L,
        1_700_000_002_000L,
        Map.of("coeffs.name", "relu"),
        Map.of("max_abs_error", 0.0244140625, "bad", Double.NaN),
        Map.of("fs.status", "passed"),
        art);
  }

  @Test
  void unreachableServerSpoolsEveryRunWithItsArtifacts() throws Exception {
    Spool spool = new Spool(dir.resolve("spool"));
    StringWriter err = new StringWriter();
    int closed = LocalServer.freePort();
    Tracking tracking =
        Tracking.to(
            new MlflowTracker("http://127.0.0.1:" + closed, HOME),
            spool,
            new PrintWriter(err, true));
    RunRecord a = record("20250101T000000000Z-a", "fsneurons");
    RunRecord b = record("20250101T000000000Z-b", "fsneurons");
    assertEquals("spooled", tracking.record(a));
    assertEquals("spooled", tracking.record(b));
    assertTrue(
        err.toString()
            .contains("MLflow server at http://127.0.0.1:" + closed + " is not reachable"),
        err.toString());
    assertEquals(
        1, err.toString().lines().count(), "one message for the whole run, not one per experiment");

    List<Spool.Entry> entries = spool.entries();
    assertEquals(2, entries.size());
    Spool.Entry e = entries.get(0);
    assertEquals(a.withArtifactDir(spool.dir().resolve(a.localId())), e.record());
    assertEquals(a.params(), e.record().params());
    assertEquals(a.metrics(), e.record().metrics(), "NaN survives the spool too");
    assertEquals(a.tags(), e.record().tags());
    assertEquals(1_700_000_000_000L, e.record().startMs());
    assertNull(e.partialRunId());
    assertEquals("plot", Files.readString(e.record().artifactDir().resolve("plots/p.txt")));
    assertTrue(Files.exists(e.record().artifactDir().resolve("experiment.yaml")));

    spool.remove(e);
    assertEquals(1, spool.entries().size());
    assertTrue(Files.notExists(spool.dir().resolve(a.localId())));
  }

  @Test
  void syncUploadsSpooledRunsToTheServerAndEmptiesTheSpool() throws Exception {
    String uri = System.getenv("MLFLOW_TRACKING_URI");
    assumeTrue(
        uri != null && !uri.isBlank(), "MLFLOW_TRACKING_URI not set: run through scripts/test.sh");
    Spool spool = new Spool(dir.resolve("spool"));
    String experiment = "fs-sync-" + UUID.randomUUID();
    int closed = LocalServer.freePort();
    Tracking down =
        Tracking.to(
            new MlflowTracker("http://127.0.0.1:" + closed, HOME),
            spool,
            new PrintWriter(new StringWriter(), true));
    down.record(record("20250101T000000000Z-sync", experiment));
    assertEquals(1, spool.entries().size());

    StringWriter log = new StringWriter();
    Spool.SyncResult r;
    try (MlflowTracker up = new MlflowTracker(uri, HOME)) {
      r = spool.sync(up, new PrintWriter(log, true));
    }
    assertEquals(1, r.uploaded(), log.toString());
    assertEquals(0, r.failed());
    assertEquals(List.of(), spool.entries());
    assertEquals(
        List.of(),
        Files.list(spool.dir()).filter(f -> !f.getFileName().toString().equals(".lock")).toList(),
        "spool folder emptied (but for its lock file)");

    String runId = r.runIds().get(0);
    JsonNode run = MlflowRest.run(uri, runId);
    assertEquals("approx-relu", run.at("/info/run_name").asText());
    assertEquals(
        1_700_000_000_000L,
        run.at("/info/start_time").asLong(),
        "the measured time, not the upload time");
    Map<String, String> metrics = MlflowRest.keyValues(run.at("/data/metrics"));
    assertEquals(Map.of("max_abs_error", "0.0244140625"), metrics);
    assertEquals("bad=NaN", MlflowRest.keyValues(run.at("/data/tags")).get("fs.nonfinite_metrics"));
    assertEquals(
        Map.of(
            "experiment.yaml",
            (long) ("experiment:\n  name: 20250101T000000000Z-sync\n").length(),
            "plots",
            0L),
        MlflowRest.artifacts(uri, runId));
  }

  /** The test server of scripts/test.sh; the test is skipped (not failed) without one. */
  private static String server() {
    String uri = System.getenv("MLFLOW_TRACKING_URI");
    assumeTrue(
        uri != null && !uri.isBlank(), "MLFLOW_TRACKING_URI not set: run through scripts/test.sh");
    return uri;
  }

  @Test
  void twoConcurrentSyncsUploadEachSpooledRunExactlyOnce() throws Exception {
    String uri = server();
    String experiment = "fs-sync2-" + UUID.randomUUID();
    Spool spool = new Spool(dir.resolve("spool"));
    int n = 6;
    for (int i = 0; i < n; i++) {
      spool.save(record("20250101T000000000Z-r" + i, experiment), null, "server down");
    }
    List<Spool.Entry> listed = spool.entries();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Future<Spool.SyncResult>> syncs = new ArrayList<>();
    CountDownLatch start = new CountDownLatch(1);
    for (int k = 0; k < 2; k++) {
      // each sync as './fs sync' does it: its own tracker, the entries it listed before the other
      // one started
      syncs.add(
          pool.submit(
              () -> {
                start.await();
                try (MlflowTracker t = new MlflowTracker(uri, HOME)) {
                  return spool.sync(listed, t, new PrintWriter(new StringWriter(), true));
                }
              }));
    }
    start.countDown();
    Spool.SyncResult a = syncs.get(0).get(5, TimeUnit.MINUTES);
    Spool.SyncResult b = syncs.get(1).get(5, TimeUnit.MINUTES);
    pool.shutdown();
    assertEquals(n, a.uploaded() + b.uploaded(), a + " " + b);
    assertEquals(
        n, a.byOthers() + b.byOthers(), "what one uploaded, the other found gone: " + a + " " + b);
    assertEquals(0, a.failed() + b.failed());
    assertEquals(List.of(), spool.entries());

    List<JsonNode> runs = MlflowRest.runs(uri, experiment, "ALL");
    assertEquals(n, runs.size(), "one MLflow run per spooled entry");
    Set<String> localIds = new TreeSet<>();
    for (JsonNode run : runs) {
      assertEquals("FINISHED", run.at("/info/status").asText());
      localIds.add(MlflowRest.tag(run, "fs.local_id"));
    }
    assertEquals(n, localIds.size(), localIds.toString());
  }

  @Test
  void anOrphanRunRecordedInTheEntryIsFinishedNotDuplicated() throws Exception {
    String uri = server();
    String experiment = "fs-orphan-" + UUID.randomUUID();
    RunRecord rec = record("20250101T000000000Z-orphan", experiment);
    String orphan;
    try (MlflowTracker t = new MlflowTracker(uri, HOME)) {
      // what a server killed mid-upload leaves: a RUNNING run with part of the params and metrics
      orphan = createPartialRun(t, rec);
      Spool spool = new Spool(dir.resolve("spool"));
      spool.save(rec, orphan, "server killed mid-upload");
      Spool.SyncResult r = spool.sync(t, new PrintWriter(new StringWriter(), true));
      assertEquals(List.of(orphan), r.runIds(), "the recorded run was finished");
      assertEquals(List.of(), spool.entries());
    }
    List<JsonNode> runs = MlflowRest.runs(uri, experiment, "ALL");
    assertEquals(1, runs.size());
    assertFinishedCopyOf(uri, orphan, rec);
  }

  @Test
  void anOrphanRunTheEntryNeverRecordedIsFoundByItsLocalIdTag() throws Exception {
    String uri = server();
    String experiment = "fs-orphan-" + UUID.randomUUID();
    RunRecord rec = record("20250101T000000000Z-untold", experiment);
    String orphan;
    String other;
    try (MlflowTracker t = new MlflowTracker(uri, HOME)) {
      orphan = createPartialRun(t, rec);
      // a second unfinished run of the same record (an older, duplicating sync) is deleted
      other = createPartialRun(t, rec);
      Spool spool = new Spool(dir.resolve("spool"));
      spool.save(rec, null, "killed before the run id was written");
      Spool.SyncResult r = spool.sync(t, new PrintWriter(new StringWriter(), true));
      assertEquals(1, r.runIds().size());
      assertTrue(List.of(orphan, other).contains(r.runIds().get(0)), r.runIds().toString());
      List<JsonNode> active = MlflowRest.runs(uri, experiment, "ACTIVE_ONLY");
      assertEquals(1, active.size(), "one active run for the record");
      assertFinishedCopyOf(uri, r.runIds().get(0), rec);
      assertEquals(
          2, MlflowRest.runs(uri, experiment, "ALL").size(), "the duplicate is in MLflow's trash");
    }
  }

  @Test
  void aRunAlreadyFinishedIsNotUploadedAgain() throws Exception {
    String uri = server();
    String experiment = "fs-done-" + UUID.randomUUID();
    RunRecord rec = record("20250101T000000000Z-done", experiment);
    try (MlflowTracker t = new MlflowTracker(uri, HOME)) {
      String done = t.upload(rec);
      // a sync killed after the run was FINISHED but before its spool entry was removed
      Spool spool = new Spool(dir.resolve("spool"));
      spool.save(rec, done, "killed before the entry was removed");
      Spool.SyncResult r = spool.sync(t, new PrintWriter(new StringWriter(), true));
      assertEquals(List.of(done), r.runIds());
      assertEquals(List.of(), spool.entries());
    }
    assertEquals(1, MlflowRest.runs(uri, experiment, "ALL").size());
  }

  @Test
  void anEntryWhoseFoldersWereRemovedIsFinishedAndRemovedLeavingNothing() throws Exception {
    // remove() deletes an entry's folders before its JSON: a sync killed in between leaves this
    String uri = server();
    String experiment = "fs-half-removed-" + UUID.randomUUID();
    RunRecord rec = record("20250101T000000000Z-half", experiment);
    Spool spool = new Spool(dir.resolve("spool"));
    try (MlflowTracker t = new MlflowTracker(uri, HOME)) {
      String done = t.upload(rec);
      spool.save(rec, done, "killed while its entry was being removed");
      try (var files = Files.walk(spool.dir().resolve(rec.localId()))) {
        for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(f);
        }
      }
      assertNull(spool.entries().get(0).record().artifactDir());
      Spool.SyncResult r = spool.sync(t, new PrintWriter(new StringWriter(), true));
      assertEquals(List.of(done), r.runIds());
    }
    assertEquals(List.of(), spool.entries());
    assertEquals(
        List.of(),
        Files.list(spool.dir()).filter(f -> !f.getFileName().toString().equals(".lock")).toList());
    assertEquals(1, MlflowRest.runs(uri, experiment, "ALL").size());
  }

  private static String createPartialRun(MlflowTracker t, RunRecord rec) throws Exception {
    String exp = t.experimentId(rec.mlflowExperiment());
    String id =
        MlflowRest.post(
                t.uri(),
                "/api/2.0/mlflow/runs/create",
                "{\"experiment_id\":\""
                    + exp
                    + "\",\"run_name\":\""
                    + rec.runName()
                    + "\",\"start_time\":"
                    + rec.startMs()
                    + ",\"tags\":[{\"key\":\"fs.local_id\",\"value\":\""
                    + rec.localId()
                    + "\"}]}")
            .at("/run/info/run_id")
            .asText();
    MlflowRest.post(
        t.uri(),
        "/api/2.0/mlflow/runs/log-batch",
        "{\"run_id\":\""
            + id
            + "\","
            + "\"params\":[{\"key\":\"coeffs.name\",\"value\":\"relu\"}],"
            + "\"metrics\":[{\"key\":\"max_abs_error\",\"value\":0.0244140625,\"timestamp\":"
            + rec.endMs()
            + ",\"step\":0}]}");
    return id;
  }

  /** The run is FINISHED and holds everything of the record, each metric once. */
  private static void assertFinishedCopyOf(String uri, String runId, RunRecord rec)
      throws Exception {
    JsonNode run = MlflowRest.run(uri, runId);
    assertEquals("FINISHED", run.at("/info/status").asText());
    assertEquals(Map.of("coeffs.name", "relu"), MlflowRest.keyValues(run.at("/data/params")));
    assertEquals(
        Map.of("max_abs_error", "0.0244140625"), MlflowRest.keyValues(run.at("/data/metrics")));
    assertEquals(rec.localId(), MlflowRest.tag(run, "fs.local_id"));
    assertEquals("passed", MlflowRest.tag(run, "fs.status"));
    assertEquals(
        1,
        MlflowRest.get(
                uri,
                "/api/2.0/mlflow/metrics/get-history?run_id=" + runId + "&metric_key=max_abs_error")
            .path("metrics")
            .size(),
        "the metric logged twice is stored once");
    assertEquals(
        Map.of(
            "experiment.yaml",
            (long) ("experiment:\n  name: " + rec.localId() + "\n").length(),
            "plots",
            0L),
        MlflowRest.artifacts(uri, runId));
  }
}
