package org.fsneurons.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.fsneurons.tracking.LocalServer;
import org.fsneurons.tracking.RunRecord;
import org.fsneurons.tracking.Spool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./fs sweep} on the committed ResNet-20: the CSV rows, the paper row equal to {@code ./fs
 * eval --fs} on the same images, and the tracked runs (a tracker that is not there: parent and
 * children land in the spool, children linked).
 */
class SweepCommandTest {
  @TempDir Path dir;

  @Test
  void calibrationOnTheTestSplitIsRefusedBeforeAnyPass() {
    // the same rule as ./fs eval --calibrate (FsEvaluation.calibrationSpec), named by sweep's flag
    Path csv = dir.resolve("sweep.csv");
    CliTest.Run r =
        CliTest.fs(
            "sweep",
            "--model",
            EvalReportsCliTest.MODEL.toString(),
            "--dataset",
            "fashion-mnist:test:100",
            "--calibrate",
            "fashion-mnist:test:100",
            "-o",
            csv.toString(),
            "--results",
            dir.resolve("results").toString(),
            "--no-tracking");
    assertEquals(2, r.code(), r.err());
    assertEquals(
        "fs: --calibrate fashion-mnist:test:100: calibration data must not come from the test split;"
            + " use the train split, e.g. fashion-mnist:train:2000",
        r.err().strip());
    assertTrue(Files.notExists(csv));
  }

  @Test
  void sweepRowsMatchEvalAndRunsAreParentAndChildren() throws Exception {
    CliTest.needFashionMnist();
    String model = EvalReportsCliTest.MODEL.toString();
    Path csv = dir.resolve("sweep.csv");
    Path results = dir.resolve("results");
    CliTest.Run r =
        CliTest.fs(
            "sweep",
            "--model",
            model,
            "--dataset",
            "fashion-mnist:test:100",
            "--calibrate",
            "fashion-mnist:train:100",
            "--relu-k",
            "6,8",
            "--statistic",
            "max",
            "-o",
            csv.toString(),
            "--results",
            results.toString(),
            "--tracking-uri",
            "http://127.0.0.1:" + LocalServer.freePort(),
            "--tracking-timeout",
            "2");
    assertEquals(0, r.code(), r.err());
    List<CSVRecord> rows =
        CSVFormat.DEFAULT
            .builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .get()
            .parse(Files.newBufferedReader(csv))
            .getRecords();
    assertEquals(List.of("10", "6", "8"), rows.stream().map(x -> x.get("relu_k")).toList());
    assertEquals(
        List.of("paper (alpha=25)", "max", "max"), rows.stream().map(x -> x.get("alpha")).toList());

    CliTest.Run eval =
        CliTest.fs(
            "eval", "--model", model, "--dataset", "fashion-mnist:test", "--limit", "100", "--fs");
    assertEquals(0, eval.code(), eval.err());
    assertEquals(
        Double.parseDouble(eval.keys().get("fs_top1")),
        Double.parseDouble(rows.get(0).get("fs_top1")),
        1e-9);
    assertEquals(
        Double.parseDouble(eval.keys().get("ann_top1")),
        Double.parseDouble(rows.get(0).get("ann_top1")),
        1e-9);

    List<RunRecord> runs =
        new Spool(results.resolve("spool")).entries().stream().map(Spool.Entry::record).toList();
    assertEquals(4, runs.size(), runs.toString());
    RunRecord parent =
        runs.stream().filter(x -> x.parentLocalId() == null).findFirst().orElseThrow();
    assertTrue(parent.localId().endsWith("-sweep"), parent.localId());
    assertEquals("[6, 8]", parent.params().get("relu_k"));
    assertTrue(Files.isRegularFile(parent.artifactDir().resolve("sweep.csv")));
    List<RunRecord> children = runs.stream().filter(x -> x.parentLocalId() != null).toList();
    assertEquals(3, children.size());
    for (RunRecord c : children) {
      assertEquals(parent.localId(), c.parentLocalId());
    }
    // every run says where it comes from and what it is, as ./fs run's runs do (./fs compare shows
    // commit and status)
    for (RunRecord x : runs) {
      assertEquals("sweep", x.tags().get("fs.kind"), x.toString());
      assertEquals("measured", x.tags().get("fs.status"));
      assertEquals(x.localId(), x.tags().get("fs.local_id"));
      assertTrue(
          x.tags().get("git.commit").matches("[0-9a-f]{40}(-dirty)?|unknown"), x.tags().toString());
      assertEquals("fs sweep", x.tags().get("mlflow.source.name"));
    }
    assertTrue(
        children.stream()
            .anyMatch(
                c ->
                    c.runName().equals("K=6 max")
                        && c.metrics().get("fs_top1")
                            == Double.parseDouble(rows.get(1).get("fs_top1"))));
    assertTrue(r.err().contains("run(s) waiting in"), r.err());
  }
}
