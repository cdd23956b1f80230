package org.fsneurons.experiments.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fsneurons.core.UserInputException;
import org.fsneurons.experiments.config.Expectation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsTableTest {
  @TempDir Path dir;

  private static final String TS = "2025-01-02T03:04:05Z";

  private static List<ResultRow> sample() {
    List<ResultRow> rows = new ArrayList<>();
    // official README numbers as expectations; values as this implementation measures them
    rows.addAll(
        ExperimentResult.evaluate(
                new RunId(
                    TS,
                    "approx-swish",
                    "approximation",
                    "official README, \"swish\", with a comma",
                    "abc123-dirty",
                    "id-1"),
                Map.of("mse", 0.0034458903330957264),
                List.of(new Expectation("mse", 0.0034459, null, 0.01, null, null)),
                null,
                null)
            .rows());
    rows.addAll(
        ExperimentResult.evaluate(
                new RunId(TS, "neurons-cifar", "neurons", "official README", "abc123", "id-2"),
                Map.of("neurons", 475135.0),
                List.of(new Expectation("neurons", 475136.0, 0.0, null, null, null)),
                null,
                null)
            .rows());
    rows.addAll(
        ExperimentResult.evaluate(
                new RunId(TS, "imagenet", "accuracy", "official README", "abc123", "id-3"),
                Map.of(),
                List.of(new Expectation("fs_top1", null, null, null, 0.7, 0.8)),
                "model ${RESNET50_ONNX} not set",
                null)
            .rows());
    rows.addAll(
        ExperimentResult.evaluate(
                new RunId(TS, "bench", "bench", "", "abc123", "id-4"),
                Map.of(),
                List.of(),
                null,
                "error: java.lang.IllegalStateException: boom\nsecond line")
            .rows());
    return rows;
  }

  @Test
  void writeThenReadGivesEqualRows() {
    List<ResultRow> rows = sample();
    Path f = dir.resolve("latest.csv");
    ResultsTable.write(f, rows);
    assertEquals(rows, ResultsTable.read(f));
  }

  @Test
  void integralNumbersAreWrittenWithoutExponent() throws IOException {
    Path f = dir.resolve("latest.csv");
    ResultsTable.write(f, sample());
    String text = Files.readString(f);
    assertTrue(text.contains(",475135,475136,0,"), text);
    assertTrue(text.startsWith(String.join(",", ResultsTable.COLUMNS) + "\n"), text);
  }

  @Test
  void appendWritesTheHeaderOnce() throws IOException {
    Path f = dir.resolve("runs.csv");
    List<ResultRow> rows = sample();
    ResultsTable.append(f, rows.subList(0, 1));
    ResultsTable.append(f, rows.subList(1, rows.size()));
    assertEquals(rows, ResultsTable.read(f));
    assertEquals(1, Files.readAllLines(f).stream().filter(l -> l.startsWith("timestamp,")).count());
  }

  @Test
  void statusAndChecksFollowTheExpectations() {
    List<ResultRow> rows = sample();
    assertEquals(Status.PASSED, rows.get(0).status());
    assertEquals(Check.OK, rows.get(0).check());
    assertEquals(Status.FAILED, rows.get(1).status());
    assertEquals(Check.FAIL, rows.get(1).check());
    assertEquals("neurons = 475135.0, expected 475136 ± 0", rows.get(1).reason());
    assertEquals(Status.SKIPPED, rows.get(2).status());
    assertEquals(Check.NONE, rows.get(2).check());
    assertEquals(Status.FAILED, rows.get(3).status());
    assertEquals("", rows.get(3).metric());
  }

  @Test
  void missingMetricIsARegression() {
    ExperimentResult r =
        ExperimentResult.evaluate(
            new RunId(TS, "a", "accuracy", "", "", "id"),
            Map.of("ann_top1", 0.9),
            List.of(new Expectation("fs_top1", null, null, null, 0.85, null)),
            null,
            null);
    assertEquals(Status.FAILED, r.status());
    assertEquals("fs_top1 missing (expected >= 0.85)", r.reason());
    assertEquals(List.of("ann_top1", "fs_top1"), r.rows().stream().map(ResultRow::metric).toList());
    assertEquals(Check.MISSING, r.rows().get(1).check());
  }

  @Test
  void regressionsListFailedChecksErrorsAndSkips() {
    Regressions r = Regressions.of(sample());
    assertFalse(r.ok());
    assertEquals(
        List.of("neurons-cifar"), r.failedChecks().stream().map(ResultRow::experiment).toList());
    assertEquals(List.of("bench"), r.errors().stream().map(ResultRow::experiment).toList());
    assertEquals(Map.of("imagenet", "model ${RESNET50_ONNX} not set"), r.skipped());
    assertEquals(1, r.passed());
    assertEquals(4, r.experiments());
    assertTrue(Regressions.of(sample().subList(0, 1)).ok());
  }

  @Test
  void malformedTablesAreUserErrors() throws IOException {
    Path f = dir.resolve("bad.csv");
    Files.writeString(f, "a,b\n1,2\n");
    assertTrue(
        assertThrows(UserInputException.class, () -> ResultsTable.read(f))
            .getMessage()
            .startsWith(f + ":1: not a results table: missing columns [timestamp, experiment,"));
    ResultsTable.write(f, sample());
    Files.writeString(f, Files.readString(f).replace(",passed,", ",won,"));
    assertEquals(
        f
            + ":2: unknown status 'won'; expected one of passed, failed, skipped, measured, interrupted",
        assertThrows(UserInputException.class, () -> ResultsTable.read(f)).getMessage());
    assertEquals(
        dir.resolve("none.csv")
            + ": no such results table; run './fs run' first (it writes"
            + " results/latest.csv)",
        assertThrows(UserInputException.class, () -> ResultsTable.read(dir.resolve("none.csv")))
            .getMessage());
  }

  @Test
  void withoutExpectationsAnExperimentIsMeasuredNotPassed() {
    ExperimentResult r =
        ExperimentResult.evaluate(
            new RunId(TS, "n", "neurons", "", "", "id"),
            Map.of("neurons", 475136.0),
            List.of(),
            null,
            null);
    assertEquals(Status.MEASURED, r.status());
    assertEquals("", r.reason());
    Regressions g = Regressions.of(r.rows());
    assertTrue(g.ok());
    assertEquals(0, g.passed());
    assertEquals(1, g.measured());
  }

  @Test
  void aNonFiniteMetricNeverMeetsItsExpectation() {
    ExperimentResult nan =
        ExperimentResult.evaluate(
            new RunId(TS, "a", "accuracy", "", "", "id"),
            Map.of("fs_top1", Double.NaN),
            List.of(new Expectation("fs_top1", null, null, null, null, 1.0)),
            null,
            null);
    assertEquals(Status.FAILED, nan.status());
    assertEquals(Check.FAIL, nan.checks().get("fs_top1"));
    assertEquals("fs_top1 = NaN (not a finite number), expected <= 1", nan.reason());
    ExperimentResult inf =
        ExperimentResult.evaluate(
            new RunId(TS, "a", "accuracy", "", "", "id"),
            Map.of("fs_top1", Double.POSITIVE_INFINITY),
            List.of(new Expectation("fs_top1", null, null, null, 0.5, null)),
            null,
            null);
    assertEquals(Check.FAIL, inf.checks().get("fs_top1"));
    // a NaN in a metric nobody expected still fails the experiment: the number it reports is not a
    // number
    ExperimentResult other =
        ExperimentResult.evaluate(
            new RunId(TS, "a", "accuracy", "", "", "id"),
            Map.of("ann_top1", 0.9, "fs_input_std", Double.NaN),
            List.of(new Expectation("ann_top1", null, null, null, 0.85, null)),
            null,
            null);
    assertEquals(Status.FAILED, other.status());
    assertEquals("fs_input_std = NaN (not a finite number)", other.reason());
    Path f = dir.resolve("nan.csv");
    ResultsTable.write(f, nan.rows());
    List<ResultRow> back = ResultsTable.read(f);
    assertEquals(Check.FAIL, back.get(0).check());
    assertTrue(Double.isNaN(back.get(0).value()));
    assertEquals(
        List.of("a"),
        Regressions.of(back).failedChecks().stream().map(ResultRow::experiment).toList());
  }

  @Test
  void interruptedIsListedButNoRegression() {
    ExperimentResult r =
        ExperimentResult.interrupted(
            new RunId(TS, "fit", "fit", "", "", "id"),
            Map.of(),
            List.of(new Expectation("mse", null, null, null, null, 0.0015)),
            "interrupted by the user after 3.0 s");
    assertEquals(Status.INTERRUPTED, r.status());
    assertEquals(Check.NONE, r.checks().get("mse"));
    Path f = dir.resolve("int.csv");
    ResultsTable.write(f, r.rows());
    Regressions g = Regressions.of(ResultsTable.read(f));
    assertTrue(g.ok());
    assertEquals(Map.of("fit", "interrupted by the user after 3.0 s"), g.interrupted());
    assertEquals(List.of(), g.errors());
  }

  @Test
  void tablesAreReadableByEveryone() throws IOException {
    Path latest = dir.resolve("latest.csv");
    Path runs = dir.resolve("runs.csv");
    ResultsTable.write(latest, sample());
    ResultsTable.append(runs, sample());
    assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(latest)));
    assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(runs)));
  }

  @Test
  void aFolderIsNoTable() {
    assertEquals(
        dir
            + ": expected a results table (a .csv file), found a folder; e.g. "
            + dir.resolve("latest.csv"),
        assertThrows(UserInputException.class, () -> ResultsTable.read(dir)).getMessage());
  }
}
