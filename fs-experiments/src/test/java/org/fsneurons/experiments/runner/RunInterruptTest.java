package org.fsneurons.experiments.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.fsneurons.experiments.results.Regressions;
import org.fsneurons.experiments.results.ResultRow;
import org.fsneurons.experiments.results.ResultsTable;
import org.fsneurons.experiments.results.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C on a real {@code fs run} process: SIGINT while a fit with a long time limit runs. The fit
 * is recorded as interrupted (never failed), nothing after it runs, and the process ends promptly.
 */
class RunInterruptTest {
  @TempDir Path dir;

  @Test
  void sigintRecordsTheRunningFitAsInterrupted() throws Exception {
    Path yaml = dir.resolve("experiments.yaml");
    Files.writeString(
        yaml,
        """
        experiments:
          - name: long-fit
            kind: fit
            target: swish
            k: 16
            uniform: [-8, 12]
            restarts: 100000
            time_limit: 600
            expect:
              mse: {max: 0.0015}
          - name: after
            kind: approximation
            coeffs: relu
            uniform: [0, 25]
            points: 1000
        """);
    Path results = dir.resolve("r");
    List<String> cmd = new ArrayList<>();
    // a process started in the background may inherit SIGINT as ignored, and the JVM then never
    // sees it: reset it
    if (new File("/usr/bin/python3").canExecute()) {
      cmd.addAll(
          List.of(
              "/usr/bin/python3",
              "-c",
              "import os, signal, sys; signal.signal(signal.SIGINT,"
                  + " signal.SIG_DFL); os.execvp(sys.argv[1], sys.argv[1:])"));
    }
    cmd.addAll(
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx1g",
            "-cp",
            System.getProperty("java.class.path"),
            "org.fsneurons.experiments.cli.FsCli",
            "run",
            yaml.toString(),
            "--no-tracking",
            "--results",
            results.toString()));
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("out.txt").toFile())
            .start();
    try {
      Path started = results.resolve("artifacts/long-fit/experiment.yaml");
      for (int i = 0; i < 1200 && !Files.exists(started); i++) {
        if (!p.isAlive()) {
          fail("fs run ended before the fit started: " + Files.readString(dir.resolve("out.txt")));
        }
        Thread.sleep(100);
      }
      assertTrue(Files.exists(started), "the fit did not start");
      Thread.sleep(1500); // inside the fitter now
      Process kill = new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).inheritIO().start();
      assertEquals(0, kill.waitFor());
      // a bound against a hang, not a timing: the fit alone would run for minutes
      assertTrue(p.waitFor(40, TimeUnit.SECONDS), "fs run did not stop after SIGINT");
    } finally {
      p.destroyForcibly();
    }
    String out = Files.readString(dir.resolve("out.txt"));
    assertEquals(130, p.exitValue(), out);
    List<ResultRow> rows = ResultsTable.read(results.resolve("latest.csv"));
    assertEquals(
        List.of("long-fit"), rows.stream().map(ResultRow::experiment).distinct().toList(), out);
    assertEquals(
        List.of(Status.INTERRUPTED), rows.stream().map(ResultRow::status).distinct().toList(), out);
    assertTrue(
        rows.get(0).reason().startsWith("interrupted by the user after "), rows.get(0).reason());
    Regressions r = Regressions.of(rows);
    assertTrue(r.ok(), "an interrupted experiment is no regression");
    assertEquals(List.of("long-fit"), List.copyOf(r.interrupted().keySet()));
    assertTrue(out.contains("fs run: interrupted"), out);
  }
}
