package org.fsneurons.experiments.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.fsneurons.experiments.cli.FsCli;
import org.fsneurons.experiments.config.Expectation;
import org.fsneurons.experiments.results.ExperimentResult;
import org.fsneurons.experiments.results.ResultRow;
import org.fsneurons.experiments.results.ResultsTable;
import org.fsneurons.experiments.results.RunId;
import org.fsneurons.tracking.LocalServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes and output of ./fs run and ./fs check. */
class RunCliTest {
  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int fs(String... args) {
    return FsCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  /** One approximation experiment without expectations: it runs in a moment and is measured. */
  private static final String RELU_MEASURED =
      """
      experiments:
        - name: relu
          kind: approximation
          coeffs: relu
          uniform: [0, 25]
          points: 1000
      """;

  /** {@code yaml} written as experiments.yaml in {@code dir}; its path. */
  private Path experiments(String yaml) throws IOException {
    return Files.writeString(dir.resolve("experiments.yaml"), yaml);
  }

  @Test
  void anUnreadableSpoolFileNeitherChangesTheRunsExitNorBlocksTheOtherRuns() throws Exception {
    // a truncated spool file (e.g. a full disk) once made ./fs run exit 2 after a passing run,
    // without its summary line, and ./fs sync refuse every other spooled run
    Path yaml =
        experiments(
            "experiments:\n  - {name: n, kind: neurons, arch: resnet8-cifar,"
                + " expect: {neurons: {value: 73728, tol: 0}}}\n");
    Path results = dir.resolve("r");
    Path bad = Files.createDirectories(results.resolve("spool")).resolve("a.json");
    Files.writeString(bad, "{\"format\": \"fs");
    String down = "http://127.0.0.1:" + LocalServer.freePort();
    String[] tracking = {"--tracking-uri", down, "--tracking-timeout", "2"};
    int code =
        fs(
            concat(
                new String[] {"run", yaml.toString(), "--results", results.toString()}, tracking));
    assertEquals(0, code, err.toString());
    assertTrue(
        out.toString().endsWith("passed: 1 failed: 0 skipped: 0 measured: 0 interrupted: 0\n"),
        out.toString());
    assertTrue(err.toString().contains("fs run: 2 run(s) waiting in " + results.resolve("spool")));

    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    code = fs(concat(new String[] {"sync", "--results", results.toString()}, tracking));
    assertEquals(1, code, err.toString()); // no server: nothing uploaded, both still there
    assertEquals("synced: 0 remaining: 2\n", out.toString());
    assertTrue(
        err.toString().startsWith("fs sync: " + bad + ": not a spool entry ("), err.toString());
    assertTrue(Files.exists(bad));
  }

  private static String[] concat(String[] a, String[] b) {
    return Stream.concat(Arrays.stream(a), Arrays.stream(b)).toArray(String[]::new);
  }

  @Test
  void misspelledKeyExitsTwoWithOneLine() throws Exception {
    Path yaml =
        experiments(
            """
        experiments:
          - name: swish
            kind: approximation
            coeffs: swish
            uniform: [-8, 12]
            pionts: 5
        """);
    assertEquals(
        2, fs("run", yaml.toString(), "--no-tracking", "--results", dir.resolve("r").toString()));
    assertEquals(
        "fs: "
            + yaml
            + ":6:5: unknown key 'pionts' in experiment 'swish'; allowed: name, kind, source, tags,"
            + " expect, coeffs, target, uniform, points, normal, samples, seed\n",
        err.toString());
    assertTrue(Files.notExists(dir.resolve("r")), "nothing runs before the whole file is valid");
  }

  @Test
  void unknownSelectorExitsTwo() throws Exception {
    Path yaml =
        experiments(
            "experiments:\n  - {name: a, kind: bench, arch: resnet8-cifar, tags: [quick]}\n");
    assertEquals(2, fs("run", yaml.toString(), "--no-tracking", "--only", "quik"));
    assertEquals(
        "fs: --only quik: no experiment or tag of that name in "
            + yaml
            + "; names: a; tags: quick\n",
        err.toString());
  }

  @Test
  void emptySelectorExitsTwo() throws Exception {
    Path yaml =
        experiments(
            "experiments:\n  - {name: a, kind: bench, arch: resnet8-cifar, tags: [quick]}\n");
    Path results = dir.resolve("r");
    for (String only : new String[] {"", ",", " , "}) { // "," once ran every experiment
      err.getBuffer().setLength(0);
      assertEquals(
          2,
          fs(
              "run",
              yaml.toString(),
              "--no-tracking",
              "--results",
              results.toString(),
              "--only",
              only));
      assertEquals(
          "fs: --only: expected an experiment name or tag, found an empty value; names: a; tags:"
              + " quick\n",
          err.toString(),
          "--only '" + only + "'");
      assertTrue(Files.notExists(results), "no empty latest.csv replaces the last run's");
    }
  }

  @Test
  void runWithoutTrackingThenCheckPasses() throws Exception {
    Path yaml =
        experiments(
            """
        experiments:
          - name: relu
            kind: approximation
            source: official README
            coeffs: relu
            uniform: [0, 25]
            points: 1000
            expect:
              max_abs_error: {max: 0.0245}
          - name: cifar
            kind: accuracy
            model: ${NO_SUCH_VARIABLE_H7}
            dataset: cifar10:test
        """);
    Path results = dir.resolve("r");
    assertEquals(
        0,
        fs("run", yaml.toString(), "--no-tracking", "--results", results.toString()),
        err.toString());
    assertEquals("passed: 1 failed: 0 skipped: 1 measured: 0 interrupted: 0\n", out.toString());
    out.getBuffer().setLength(0);
    assertEquals(0, fs("check", "--results", results.resolve("latest.csv").toString()));
    assertEquals(
        "checked 2 experiments in "
            + results.resolve("latest.csv")
            + ": passed 1, regressions 0, skipped 1, measured 0,"
            + " interrupted 0\n"
            + "  skipped cifar: model ${NO_SUCH_VARIABLE_H7} not set\n",
        out.toString());
  }

  @Test
  void checkListsRegressionsAndExitsOne() throws Exception {
    Path f = dir.resolve("latest.csv");
    List<ResultRow> rows =
        ExperimentResult.evaluate(
                new RunId(
                    "2025-01-01T00:00:00Z",
                    "neurons-cifar",
                    "neurons",
                    "official README",
                    "abc",
                    "id"),
                Map.of("neurons", 475135.0),
                List.of(new Expectation("neurons", 475136.0, 0.0, null, null, null)),
                null,
                null)
            .rows();
    ResultsTable.write(f, rows);
    assertEquals(1, fs("check", "--results", f.toString()));
    assertEquals(
        "REGRESSION neurons-cifar neurons: expected 475136 ± 0, got 475135.0 (source: official README)\n"
            + "checked 1 experiments in "
            + f
            + ": passed 0, regressions 1, skipped 0, measured 0,"
            + " interrupted 0\n",
        out.toString());
  }

  /**
   * ./fs check judges each value again instead of trusting the table's status and check columns: a
   * hand-edited or foreign table whose rows say "passed"/"ok" for a NaN, an infinity, a missing
   * value or a number outside its expectation is a regression (exit 1), never a pass.
   */
  @Test
  void checkJudgesTheValuesNotTheRecordedVerdicts() throws Exception {
    String header = String.join(",", ResultsTable.COLUMNS) + "\n";
    String at = "2025-01-01T00:00:00Z,";
    String tail = ",src,abc,id\n";
    Map<String, String> cases =
        Map.of(
            "nan",
            at + "e,approximation,passed,,mse,NaN,0.0034459,,0.01,,,ok" + tail,
            "wrong",
            at + "e,approximation,passed,,mse,0.5,0.0034459,,0.01,,,ok" + tail,
            "missing",
            at + "e,approximation,passed,,mse,,,,,,0.1,ok" + tail,
            "recorded",
            at + "e,approximation,passed,,mse,0.001,,,,,0.1,fail" + tail,
            "measured-inf",
            at + "e,approximation,measured,,mse,Infinity,,,,,," + tail);
    Map<String, String> got =
        Map.of(
            "nan", "expected 0.0034459 ± 1%, got NaN",
            "wrong", "expected 0.0034459 ± 1%, got 0.5",
            "missing", "expected <= 0.1, got nothing (missing)",
            "recorded", "expected <= 0.1, got 0.001",
            "measured-inf", "expected ?, got Infinity");
    for (String name : cases.keySet()) {
      Path f = dir.resolve(name + ".csv");
      Files.writeString(f, header + cases.get(name));
      out.getBuffer().setLength(0);
      assertEquals(1, fs("check", "--results", f.toString()), name);
      assertEquals(
          "REGRESSION e mse: "
              + got.get(name)
              + " (source: src)\n"
              + "checked 1 experiments in "
              + f
              + ": passed 0, regressions 1, skipped 0, measured 0, interrupted 0\n",
          out.toString(),
          name);
    }
  }

  /** --record replaces its file, so it must not be the run history: that would erase every run. */
  @Test
  void recordRefusesTheRunHistory() throws Exception {
    Path yaml = experiments(RELU_MEASURED);
    Path results = dir.resolve("r");
    Path runs = results.resolve("runs.csv");
    assertEquals(
        0,
        fs("run", yaml.toString(), "--no-tracking", "--results", results.toString()),
        err.toString());
    String history = Files.readString(runs);
    err.getBuffer().setLength(0);
    assertEquals(
        2,
        fs(
            "run",
            yaml.toString(),
            "--no-tracking",
            "--results",
            results.toString(),
            "--record",
            runs.toString()));
    assertEquals(
        "fs: --record "
            + runs
            + ": expected a file other than the run history "
            + runs
            + ", found the same file (it would be overwritten)\n",
        err.toString());
    assertEquals(history, Files.readString(runs), "the earlier runs are kept");
  }

  @Test
  void recordWritesTheReferenceTableAndAnExperimentWithoutExpectIsMeasured() throws Exception {
    Path yaml = experiments(RELU_MEASURED);
    Path results = dir.resolve("r");
    Path ref = dir.resolve("reference/quick.csv");
    assertEquals(
        0,
        fs(
            "run",
            yaml.toString(),
            "--no-tracking",
            "--results",
            results.toString(),
            "--record",
            ref.toString()),
        err.toString());
    assertEquals("passed: 0 failed: 0 skipped: 0 measured: 1 interrupted: 0\n", out.toString());
    assertEquals(ResultsTable.read(results.resolve("latest.csv")), ResultsTable.read(ref));
    assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(ref)));
    out.getBuffer().setLength(0);
    assertEquals(0, fs("check", "--results", ref.toString()));
    assertEquals(
        "checked 1 experiments in "
            + ref
            + ": passed 0, regressions 0, skipped 0, measured 1,"
            + " interrupted 0\n",
        out.toString());
  }

  @Test
  void resultsThatIsAFileExitsTwo() throws Exception {
    Path yaml = experiments("experiments:\n  - {name: a, kind: bench, arch: resnet8-cifar}\n");
    assertEquals(2, fs("run", yaml.toString(), "--no-tracking", "--results", yaml.toString()));
    assertEquals(
        "fs: --results "
            + yaml
            + ": expected a folder (the run writes latest.csv, runs.csv and artifacts/"
            + " into it), found a file; give a folder, e.g. --results results\n",
        err.toString());
  }

  /**
   * An empty --results would be the current folder: latest.csv, runs.csv, artifacts/ land there.
   */
  @Test
  void emptyResultsExitsTwoAndWritesNothingHere() throws Exception {
    Path yaml = experiments(RELU_MEASURED);
    assertEquals(2, fs("run", yaml.toString(), "--no-tracking", "--results", ""));
    assertEquals(
        "fs: --results: expected a results folder, found an empty value; e.g. --results results\n",
        err.toString());
    assertTrue(Files.notExists(Path.of("latest.csv")), "nothing written in the current folder");
  }
}
