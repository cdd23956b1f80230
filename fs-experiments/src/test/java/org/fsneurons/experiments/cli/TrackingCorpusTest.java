package org.fsneurons.experiments.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed tracking flags (issue 11), for every tracked command: one line, exit 2, nothing started
 * or written; e.g. {@code --tracking-uri http://127.0.0.1:99999} used to end in a stack trace.
 */
class TrackingCorpusTest {
  private static final Path DIR;
  private static final Path RESULTS;
  private static final Path YAML;

  static {
    try {
      DIR = Files.createTempDirectory("fs-tracking-corpus");
      RESULTS = Files.createDirectories(DIR.resolve("results"));
      // an entry waiting in the spool, so that sync has something it could upload
      Files.createDirectories(RESULTS.resolve("spool"));
      Files.writeString(
          RESULTS.resolve("spool/20250101T000000000Z-a.json"),
          "{\"format\":\"fsneurons-spool/1\","
              + "\"local_id\":\"20250101T000000000Z-a\",\"mlflow_experiment\":\"fsneurons\",\"run_name\":\"a\"}");
      YAML = DIR.resolve("experiments.yaml");
      Files.writeString(
          YAML,
          """
          mlflow_experiment: fsneurons
          experiments:
            - name: approx-relu
              kind: approximation
              coeffs: relu
              uniform: [0, 25]
              points: 1000
          """);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Stream<Corpus.Case> cases() {
    List<String[]> bad =
        List.of(
            new String[] {
              "port-99999",
              "--tracking-uri",
              "http://127.0.0.1:99999",
              "found port 99999 (ports are 1..65535)"
            },
            new String[] {"port-0", "--tracking-uri", "http://127.0.0.1:0", "found port 0"},
            new String[] {
              "no-scheme", "--tracking-uri", "127.0.0.1:5000", "found no http:// or https:// prefix"
            },
            new String[] {
              "file-scheme", "--tracking-uri", "file:///tmp/mlruns", "found scheme 'file'"
            },
            new String[] {"no-host", "--tracking-uri", "http://:5000", "found no valid HOST:PORT"},
            new String[] {
              "space", "--tracking-uri", "http://a b:5000", "found a malformed address"
            },
            new String[] {
              "query", "--tracking-uri", "http://127.0.0.1:5000/?x=1", "found a query or fragment"
            },
            new String[] {
              "timeout-word",
              "--tracking-timeout",
              "soon",
              "--tracking-timeout: expected a number of seconds"
                  + " in (0, 3600] (e.g. 30), found 'soon'"
            },
            new String[] {"timeout-zero", "--tracking-timeout", "0", "found '0'"},
            new String[] {"timeout-negative", "--tracking-timeout", "-5", "found '-5'"},
            new String[] {"timeout-huge", "--tracking-timeout", "86400", "found '86400'"});
    List<Corpus.Case> out = new ArrayList<>();
    for (String[] b : bad) {
      List<Path> watched = List.of(DIR);
      out.add(
          Corpus.of(
              "run-" + b[0],
              b[3],
              watched,
              "run",
              YAML.toString(),
              "--results",
              RESULTS.toString(),
              b[1],
              b[2]));
      out.add(
          Corpus.of(
              "sync-" + b[0], b[3], watched, "sync", "--results", RESULTS.toString(), b[1], b[2]));
      out.add(
          Corpus.of(
              "compare-" + b[0],
              b[3],
              watched,
              "compare",
              "--results",
              RESULTS.toString(),
              b[1],
              b[2]));
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void malformedTrackingFlagsGiveOneLine(Corpus.Case c) {
    Corpus.assertUserError(c);
  }
}
