package org.fsneurons.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * The malformed-input corpus (issue 11): one case is a command line run through {@link
 * FsCli#execute}; it must end within a time limit with exit code 2, print exactly one line on
 * stderr ({@code fs: ...}) and nothing that looks like a stack trace, and leave the watched folders
 * as they were (nothing written). Corpus test classes ({@code *CorpusTest}) build their malformed
 * files in a temporary folder and call {@link #assertUserError}.
 */
public final class Corpus {
  /** Default limit for one case. */
  public static final Duration LIMIT = Duration.ofSeconds(60);

  private Corpus() {}

  /** A corpus case: a name for the report, the arguments, the folders that must stay unchanged. */
  public record Case(String name, List<String> args, List<Path> watched, String expectInMessage) {
    public Case {
      args = List.copyOf(args);
      watched = List.copyOf(watched);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  public static Case of(String name, String expectInMessage, List<Path> watched, String... args) {
    return new Case(name, List.of(args), watched, expectInMessage);
  }

  /**
   * Runs the case and asserts exit 2, one line, no stack trace, no hang, nothing written; returns
   * the line.
   */
  public static String assertUserError(Case c) {
    List<List<String>> before = new ArrayList<>();
    for (Path p : c.watched()) {
      before.add(listing(p));
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    ExecutorService ex =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "corpus-" + c.name());
              t.setDaemon(true);
              return t;
            });
    int code;
    try {
      Future<Integer> f =
          ex.submit(
              () ->
                  FsCli.execute(
                      c.args().toArray(String[]::new),
                      new PrintWriter(out, true),
                      new PrintWriter(err, true)));
      code = f.get(LIMIT.toSeconds(), TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      fail(c.name() + ": no answer within " + LIMIT.toSeconds() + " s (hang) for " + c.args());
      return null;
    } catch (Exception e) {
      fail(c.name() + ": threw instead of exiting 2: " + e);
      return null;
    } finally {
      ex.shutdownNow();
    }
    String e = err.toString().strip();
    List<String> lines = e.isEmpty() ? List.of() : e.lines().toList();
    assertEquals(2, code, c.name() + ": exit code; stderr: " + e + "; stdout: " + out);
    assertEquals(1, lines.size(), c.name() + ": expected one line on stderr, found: " + e);
    String line = lines.get(0);
    assertTrue(line.startsWith("fs: "), c.name() + ": line should start with 'fs: ': " + line);
    assertFalse(
        e.contains("\tat ") || e.contains("Caused by:") || line.matches(".*\\.java:\\d+\\).*"),
        c.name() + ": stack trace: " + e);
    if (c.expectInMessage() != null) {
      assertTrue(
          line.contains(c.expectInMessage()),
          c.name() + ": message should contain '" + c.expectInMessage() + "': " + line);
    }
    for (int i = 0; i < c.watched().size(); i++) {
      assertEquals(
          before.get(i),
          listing(c.watched().get(i)),
          c.name() + ": files were written in " + c.watched().get(i));
    }
    return line;
  }

  /** Relative paths and sizes of everything under {@code dir} (empty when absent). */
  static List<String> listing(Path dir) {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.map(
              p -> {
                try {
                  return dir.relativize(p) + (Files.isRegularFile(p) ? ":" + Files.size(p) : "/");
                } catch (IOException e) {
                  return dir.relativize(p) + ":?";
                }
              })
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new IllegalStateException("cannot list " + dir, e);
    }
  }
}
