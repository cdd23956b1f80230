package org.fsneurons.experiments.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
    return new RunRecord(localId, mlflowExperiment, "approx-relu", 1_700_000_000_000L, 1_700_000_002_000L,
        Map.of("coeffs.name", "relu"), Map.of("max_abs_error", 0.0244140625, "bad", Double.NaN),
        Map.of("fs.status", "passed"), art);
  }

  @Test
  void unreachableServerSpoolsEveryRunWithItsArtifacts() throws Exception {
    Spool spool = new Spool(dir.resolve("spool"));
    StringWriter err = new StringWriter();
    int closed = LocalServer.freePort();
    Tracking tracking = Tracking.to(new MlflowTracker("http://127.0.0.1:" + closed, HOME), spool,
        new PrintWriter(err, true));
    RunRecord a = record("20250101T000000000Z-a", "fsneurons");
    RunRecord b = record("20250101T000000000Z-b", "fsneurons");
    assertEquals("spooled", tracking.record(a));
    assertEquals("spooled", tracking.record(b));
    assertTrue(err.toString().contains("MLflow server at http://127.0.0.1:" + closed + " is not reachable"), err.toString());
    assertEquals(1, err.toString().lines().count(), "one message for the whole run, not one per experiment");

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
    assumeTrue(uri != null && !uri.isBlank(), "MLFLOW_TRACKING_URI not set: run through scripts/test.sh");
    Spool spool = new Spool(dir.resolve("spool"));
    String experiment = "fs-sync-" + UUID.randomUUID();
    int closed = LocalServer.freePort();
    Tracking down = Tracking.to(new MlflowTracker("http://127.0.0.1:" + closed, HOME), spool,
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
    assertEquals(List.of(), Files.list(spool.dir()).toList(), "spool folder emptied");

    String runId = r.runIds().get(0);
    JsonNode run = MlflowRest.run(uri, runId);
    assertEquals("approx-relu", run.at("/info/run_name").asText());
    assertEquals(1_700_000_000_000L, run.at("/info/start_time").asLong(), "the measured time, not the upload time");
    Map<String, String> metrics = MlflowRest.keyValues(run.at("/data/metrics"));
    assertEquals(Map.of("max_abs_error", "0.0244140625"), metrics);
    assertEquals("bad=NaN", MlflowRest.keyValues(run.at("/data/tags")).get("fs.nonfinite_metrics"));
    assertEquals(Map.of("experiment.yaml", (long) ("experiment:\n  name: 20250101T000000000Z-sync\n").length(), "plots", 0L),
        MlflowRest.artifacts(uri, runId));
  }
}
