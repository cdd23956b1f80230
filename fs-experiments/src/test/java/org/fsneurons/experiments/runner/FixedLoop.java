package org.fsneurons.experiments.runner;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.fsneurons.tracking.Provenance;
import org.fsneurons.tracking.Tracking;

/**
 * A run loop for tests: no variables, git commit {@code abc}, and a clock fixed at
 * 2025-01-02T03:04:05Z (local run ids {@code 20250102T030405000Z-<experiment>}).
 */
final class FixedLoop {
  private FixedLoop() {}

  static RunLoop of(RunLoop.Body body, Tracking tracking, Path results, PrintWriter progress) {
    return new RunLoop(
        body,
        tracking,
        results,
        Map.of(),
        new Provenance("abc", "17", "dev", "1.29.0", "host"),
        Clock.fixed(Instant.parse("2025-01-02T03:04:05Z"), ZoneOffset.UTC),
        progress);
  }
}
