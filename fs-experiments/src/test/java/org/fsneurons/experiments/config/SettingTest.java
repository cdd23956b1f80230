package org.fsneurons.experiments.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.fsneurons.core.UserInputException;
import org.fsneurons.experiments.cli.FsCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every setting that experiments.yaml and a command-line flag share accepts and refuses the same
 * values with the same message: {@code 'relu_k': expected ..., found 31} in the YAML, {@code
 * --relu-k: expected ..., found 31} on the command line.
 */
class SettingTest {
  @TempDir static Path dir;

  /** An experiment that sets the key (the value stands at %V%) and is valid otherwise. */
  private static final Map<Setting, String> YAML =
      Map.ofEntries(
          Map.entry(Setting.K, "kind: fit\n    target: relu\n    uniform: [-1, 1]\n    k: %V%"),
          Map.entry(
              Setting.RESTARTS,
              "kind: fit\n    target: relu\n    uniform: [-1, 1]\n    k: 4\n    restarts: %V%"),
          Map.entry(
              Setting.TIME_LIMIT,
              "kind: fit\n    target: relu\n    uniform: [-1, 1]\n    k: 4\n    time_limit: %V%"),
          Map.entry(
              Setting.RELU_K,
              "kind: accuracy\n    model: m.onnx\n    dataset: fashion-mnist:test\n    relu_k: %V%"),
          Map.entry(
              Setting.LIMIT,
              "kind: accuracy\n    model: m.onnx\n    dataset: fashion-mnist:test\n    limit: %V%"),
          Map.entry(
              Setting.PERCENTILE,
              "kind: accuracy\n    model: m.onnx\n    dataset: fashion-mnist:test\n"
                  + "    calibrate: 10\n    percentile: %V%"),
          Map.entry(
              Setting.PARTITIONS,
              "kind: accuracy\n    model: m.onnx\n    dataset: fashion-mnist:test\n"
                  + "    spark: {master: 'local[2]', partitions: %V%}"),
          Map.entry(Setting.BATCH, "kind: bench\n    arch: resnet20-cifar\n    batch: %V%"),
          Map.entry(Setting.WARMUP, "kind: bench\n    arch: resnet20-cifar\n    warmup: %V%"),
          Map.entry(Setting.RUNS, "kind: bench\n    arch: resnet20-cifar\n    runs: %V%"),
          Map.entry(
              Setting.PROFILE_RUNS, "kind: bench\n    arch: resnet20-cifar\n    profile_runs: %V%"),
          Map.entry(
              Setting.POINTS,
              "kind: approximation\n    coeffs: relu\n    uniform: [-1, 1]\n    points: %V%"),
          Map.entry(
              Setting.SAMPLES,
              "kind: approximation\n    coeffs: relu\n    normal: [0, 1]\n    samples: %V%"));

  /** A command that checks the flag before any expensive work (the value stands at %V%). */
  private static final Map<Setting, String> CLI =
      Map.ofEntries(
          Map.entry(Setting.K, "fit --target relu --uniform -1,1 -o %D%/f.json --k %V%"),
          Map.entry(
              Setting.RESTARTS,
              "fit --target relu --uniform -1,1 -o %D%/f.json --k 4 --restarts %V%"),
          Map.entry(
              Setting.TIME_LIMIT,
              "fit --target relu --uniform -1,1 -o %D%/f.json --k 4 --time-limit %V%"),
          Map.entry(Setting.RELU_K, "convert %D%/none.onnx -o %D%/x.onnx --relu-k %V%"),
          Map.entry(
              Setting.LIMIT, "eval --model %D%/none.onnx --dataset fashion-mnist:test --limit %V%"),
          Map.entry(
              Setting.PERCENTILE,
              "convert %D%/none.onnx -o %D%/x.onnx --calibrate fashion-mnist:train:10"
                  + " --percentile %V%"),
          Map.entry(
              Setting.PARTITIONS,
              "eval --model %D%/none.onnx --dataset fashion-mnist:test --spark local[2]"
                  + " --partitions %V%"),
          Map.entry(
              Setting.BATCH, "eval --model %D%/none.onnx --dataset fashion-mnist:test --batch %V%"),
          Map.entry(Setting.WARMUP, "bench --arch resnet20-cifar --warmup %V%"),
          Map.entry(Setting.RUNS, "bench --arch resnet20-cifar --runs %V%"),
          Map.entry(Setting.PROFILE_RUNS, "bench --arch resnet20-cifar --profile-runs %V%"),
          Map.entry(Setting.POINTS, "approx --coeffs relu --uniform -1,1 --points %V%"),
          Map.entry(Setting.SAMPLES, "approx --coeffs relu --normal 0,1 --samples %V%"));

  record Value(Setting setting, String value, boolean allowed) {
    @Override
    public String toString() {
      return setting.key() + " " + value + (allowed ? " allowed" : " refused");
    }
  }

  /** Each setting's bounds and one step beyond them. */
  static Stream<Value> values() {
    List<Value> v = new ArrayList<>();
    for (Setting s : EnumSet.allOf(Setting.class)) {
      switch (s) {
        case K -> add(v, s, "1", "63", "0", "64");
        case RELU_K -> add(v, s, "1", "30", "0", "31");
        case BATCH -> add(v, s, "1", "65536", "0", "65537");
        case LIMIT, WARMUP, PROFILE_RUNS, PARTITIONS -> add(v, s, "0", "5", "-1");
        case RESTARTS, SAMPLES, RUNS -> add(v, s, "1", "5", "0", "-3");
        case POINTS -> add(v, s, "2", "5", "1", "0");
        case PERCENTILE -> add(v, s, "0.5", "99.9", "0", "100", "-1");
        case TIME_LIMIT -> add(v, s, "0", "2.5", "-1", "-0.5");
      }
    }
    return v.stream();
  }

  /** The first two values are allowed, the rest refused. */
  private static void add(List<Value> v, Setting s, String... values) {
    for (int i = 0; i < values.length; i++) {
      v.add(new Value(s, values[i], i < 2));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("values")
  void yamlKeyAndFlagAgree(Value c) {
    Setting s = c.setting();
    String yaml = "experiments:\n  - name: e\n    " + YAML.get(s).replace("%V%", c.value()) + "\n";
    String rule = s.problem(Double.parseDouble(c.value()));
    if (c.allowed()) {
      assertNull(rule);
      ExperimentsFile.parse(yaml, dir.resolve("e.yaml"));
      return;
    }
    UserInputException y =
        assertThrows(
            UserInputException.class, () -> ExperimentsFile.parse(yaml, dir.resolve("e.yaml")));
    assertTrue(
        y.getMessage().endsWith("experiment 'e': '" + s.key() + "': " + rule), y.getMessage());
    StringWriter err = new StringWriter();
    String[] args = CLI.get(s).replace("%D%", dir.toString()).replace("%V%", c.value()).split(" ");
    int code = FsCli.execute(args, new PrintWriter(new StringWriter()), new PrintWriter(err, true));
    assertEquals(2, code, err.toString());
    assertEquals("fs: " + s.flag() + ": " + rule, err.toString().strip());
  }

  @Test
  void everySettingHasAYamlKeyAndAFlagCase() {
    assertEquals(EnumSet.allOf(Setting.class), EnumSet.copyOf(YAML.keySet()));
    assertEquals(EnumSet.allOf(Setting.class), EnumSet.copyOf(CLI.keySet()));
  }

  @Test
  void messagesSayWhatIsExpectedAndFound() {
    assertEquals("expected a number of time steps K in 1..63, found 64", Setting.K.problem(64));
    assertEquals("expected a percentile 0 < P < 100, found 100.0", Setting.PERCENTILE.problem(100));
    assertEquals(
        "expected a finite number >= 0, found NaN", Setting.TIME_LIMIT.problem(Double.NaN));
    assertEquals(
        "expected a finite number >= 0, found Infinity",
        Setting.TIME_LIMIT.problem(Double.POSITIVE_INFINITY));
  }
}
