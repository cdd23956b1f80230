package org.fsneurons.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressTest {
  @Test
  void offATerminalPrintsOneLinePerTenthAndNoCarriageReturns() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (Progress p =
        new Progress(
            "evaluating", false, new PrintStream(bytes, true, StandardCharsets.UTF_8), 0)) {
      for (int done = 0; done <= 1000; done += 7) {
        p.progress(done, 1000);
      }
      p.progress(1000, 1000);
    }
    String log = bytes.toString(StandardCharsets.UTF_8);
    assertFalse(log.contains("\r"), log);
    String[] lines = log.strip().split("\n");
    assertEquals(11, lines.length, log); // 0%, 10%, ..., 100%
    assertTrue(lines[0].startsWith("evaluating: 0/1000 (0%)"), lines[0]);
    assertTrue(lines[10].startsWith("evaluating: 1000/1000 (100%)"), lines[10]);
  }

  @Test
  void quickLoopsPrintNothing() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (Progress p =
        new Progress(
            "x", false, new PrintStream(bytes, true, StandardCharsets.UTF_8), 60_000_000_000L)) {
      p.progress(5, 10);
      p.progress(10, 10);
    }
    assertEquals("", bytes.toString(StandardCharsets.UTF_8));
  }
}
