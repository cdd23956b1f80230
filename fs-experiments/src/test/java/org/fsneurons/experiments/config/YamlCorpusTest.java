package org.fsneurons.experiments.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.fsneurons.experiments.cli.Corpus;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The malformed-input corpus of {@code ./fs run FILE --no-tracking --results DIR} and {@code ./fs
 * check}: every case ends with exit 2 and one line naming the place, writes nothing (the results
 * folder is never created), and does not hang. Each case is a file written into a fresh folder
 * ({@code %DIR%} in arguments stands for it).
 */
class YamlCorpusTest {
  @TempDir Path dir;

  /**
   * A case: the file's bytes (null: no file), the text expected in the message, extra arguments.
   */
  record YamlCase(String name, byte[] yaml, String expect, List<String> args) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static final String HEAD = "experiments:\n  - name: a\n    kind: approximation\n";
  private static final String OK_APPROX = HEAD + "    coeffs: swish\n    uniform: [-8, 12]\n";

  private static YamlCase y(String name, String yaml, String expect, String... args) {
    return new YamlCase(
        name, yaml == null ? null : yaml.getBytes(StandardCharsets.UTF_8), expect, List.of(args));
  }

  static Stream<YamlCase> runCases() {
    List<YamlCase> c = new ArrayList<>();
    // ---- YAML itself
    c.add(y("empty file", "", "empty file"));
    c.add(y("only a comment", "# nothing\n", "empty file"));
    c.add(y("top level list", "- a\n- b\n", "expected a mapping with keys"));
    c.add(y("top level scalar", "hello\n", "expected a mapping with keys"));
    c.add(y("tab indentation", "experiments:\n\t- name: a\n", "not valid YAML"));
    c.add(y("unclosed flow list", OK_APPROX.replace("[-8, 12]", "[-8, 12"), "not valid YAML"));
    c.add(
        y(
            "unclosed quote",
            HEAD + "    coeffs: \"swish\n    uniform: [-8, 12]\n",
            "not valid YAML"));
    c.add(y("duplicate top-level key", "seed: 1\nseed: 2\n" + OK_APPROX, "duplicate key 'seed'"));
    c.add(
        y(
            "duplicate key in experiment",
            OK_APPROX + "    coeffs: relu\n",
            "duplicate key 'coeffs'"));
    c.add(y("two documents", OK_APPROX + "---\n" + OK_APPROX, ":7:1: a second YAML document"));
    c.add(
        y(
            "alias in a flow list",
            OK_APPROX.replace("[-8, 12]", "[&lo -8, *lo]"),
            "YAML alias '*lo'"));
    c.add(y("alias as a value", "seed: &s 1\n" + OK_APPROX + "    seed: *s\n", "YAML alias '*s'"));
    c.add(
        y(
            "merge key",
            "defaults:\n  approximation: &d {points: 5}\n" + OK_APPROX + "    <<: *d\n",
            "YAML alias '*d'"));
    c.add(
        y(
            "deep nesting",
            "experiments: " + "[".repeat(5000) + "]".repeat(5000) + "\n",
            "nesting depth"));
    c.add(
        y(
            "over the size limit",
            "experiments:\n" + "# padding to more than one MiB\n".repeat(40000),
            "bytes, more than the 1048576 bytes"));
    c.add(
        new YamlCase(
            "not UTF-8",
            new byte[] {'s', 'e', 'e', 'd', ':', ' ', (byte) 0xff, (byte) 0xfe, '\n'},
            "not UTF-8 text",
            List.of()));
    c.add(
        y(
            "binary tag",
            OK_APPROX.replace("coeffs: swish", "coeffs: !!binary aGVsbG8="),
            "YAML tag '!"));
    // ---- document structure
    c.add(y("experiments is a scalar", "experiments: 5\n", "'experiments'"));
    c.add(y("experiments is empty", "experiments: []\n", "no experiments"));
    c.add(y("no experiments key", "seed: 1\n", "no experiments"));
    c.add(y("experiment is a scalar", "experiments:\n  - just-a-name\n", "must be a mapping"));
    c.add(
        y(
            "unknown top-level key",
            "experiment:\n  - {name: a}\n",
            "unknown key 'experiment' at the top level"));
    c.add(y("seed not an integer", "seed: one\n" + OK_APPROX, "'seed'"));
    c.add(
        y("empty mlflow experiment", "mlflow_experiment: ' '\n" + OK_APPROX, "must not be empty"));
    c.add(
        y(
            "defaults set a name",
            "defaults:\n  approximation: {name: x}\n" + OK_APPROX,
            "sets 'name'"));
    c.add(
        y(
            "defaults of an unknown kind",
            "defaults:\n  approx: {points: 5}\n" + OK_APPROX,
            "unknown key 'approx'"));
    // ---- experiment keys
    c.add(y("missing kind", "experiments:\n  - name: a\n    coeffs: swish\n", "has no 'kind'"));
    c.add(
        y(
            "unknown kind",
            "experiments:\n  - name: a\n    kind: approx\n",
            "unknown kind 'approx'"));
    c.add(
        y(
            "missing name",
            "experiments:\n  - kind: approximation\n    coeffs: swish\n    uniform: [0, 1]\n",
            "without 'name'"));
    c.add(y("bad name", OK_APPROX.replace("name: a", "name: 'a b'"), "may contain only"));
    c.add(
        y(
            "empty mlflow_experiment",
            "mlflow_experiment: ' '\n" + OK_APPROX,
            "experiments.yaml:1:20: 'mlflow_experiment' must not be empty (default: fsneurons)"));
    c.add(
        y(
            "non-ASCII name",
            OK_APPROX.replace("name: a", "name: café"),
            "experiment name 'café' may contain only ASCII letters, digits"));
    c.add(
        y(
            "duplicate names",
            OK_APPROX + OK_APPROX.substring("experiments:\n".length()),
            "duplicate experiment name 'a'"));
    c.add(y("bad tag", OK_APPROX + "    tags: ['no space']\n", "tag 'no space'"));
    c.add(y("misspelled key", OK_APPROX + "    pionts: 5\n", "unknown key 'pionts'"));
    c.add(
        y(
            "points not a number",
            OK_APPROX + "    points: many\n",
            "must be an integer, found 'many'"));
    c.add(y("points a fraction", OK_APPROX + "    points: 1.5\n", "must be an integer"));
    c.add(
        y(
            "points below 2",
            OK_APPROX + "    points: 1\n",
            "'points': expected a whole number >= 2, found 1"));
    c.add(y("uniform of three", OK_APPROX.replace("[-8, 12]", "[1, 2, 3]"), "two finite numbers"));
    c.add(y("uniform reversed", OK_APPROX.replace("[-8, 12]", "[12, -8]"), "lo < hi"));
    c.add(y("uniform and normal", OK_APPROX + "    normal: [0, 1]\n", "exactly one of 'uniform"));
    c.add(y("normal std 0", HEAD + "    coeffs: swish\n    normal: [0, 0]\n", "std > 0"));
    c.add(
        y("samples with uniform", OK_APPROX + "    samples: 5\n", "'samples' goes with 'normal'"));
    c.add(
        y(
            "multi-line value quoted back",
            OK_APPROX.replace("[-8, 12]", "\"a\\nb\""),
            "must be a list"));
    c.add(
        y(
            "bad variable reference",
            HEAD + "    coeffs: ${1X}\n    uniform: [0, 1]\n",
            "bad variable reference"));
    // ---- expect
    c.add(
        y(
            "unknown metric",
            OK_APPROX + "    expect:\n      msee: {max: 1}\n",
            ":7:7: unknown metric 'msee'"));
    c.add(
        y(
            "unknown per-op metric",
            "experiments:\n  - name: n\n    kind: neurons\n    arch: resnet50-cifar\n"
                + "    expect:\n      neurons.Foo: {min: 1}\n",
            "unknown metric 'neurons.Foo'"));
    c.add(
        y(
            "metric of another kind",
            OK_APPROX + "    expect:\n      fs_top1: {min: 0.9}\n",
            "unknown metric 'fs_top1'"));
    c.add(
        y(
            "value without tolerance",
            OK_APPROX + "    expect:\n      mse: {value: 1}\n",
            "needs exactly one of"));
    c.add(
        y(
            "min above max",
            OK_APPROX + "    expect:\n      mse: {min: 2, max: 1}\n",
            "greater than 'max'"));
    c.add(y("empty expectation", OK_APPROX + "    expect:\n      mse:\n", "expect 'mse': empty"));
    c.add(y("expectation not a mapping", OK_APPROX + "    expect:\n      mse: 0.5\n", "'mse'"));
    c.add(y("expect not a mapping", OK_APPROX + "    expect: [mse]\n", "'expect'"));
    c.add(
        y(
            "unknown expectation key",
            OK_APPROX + "    expect:\n      mse: {tolerance: 1}\n",
            "unknown key 'tolerance'"));
    c.add(
        y(
            "infinite tolerance",
            OK_APPROX + "    expect:\n      mse: {value: 1, tol: .inf}\n",
            "'.inf'"));
    c.add(
        y(
            "bound that overflows to infinity",
            OK_APPROX + "    expect:\n      mse: {max: 1e400}\n",
            "experiment 'a': expect 'mse': 'max' must be finite (leave it out for no upper bound),"
                + " found Infinity"));
    c.add(
        y(
            "lower bound that overflows to -infinity",
            OK_APPROX + "    expect:\n      mse: {min: -1e400}\n",
            "expect 'mse': 'min' must be finite (leave it out for no lower bound), found -Infinity"));
    // ---- other kinds
    String fit = "experiments:\n  - name: f\n    kind: fit\n";
    c.add(y("fit without target", fit + "    k: 8\n    uniform: [0, 1]\n", "missing 'target'"));
    c.add(
        y(
            "fit k out of range",
            fit + "    target: swish\n    k: 99\n    uniform: [0, 1]\n",
            "'k': expected a number of time steps K in 1..63, found 99"));
    c.add(
        y(
            "fit time limit negative",
            fit + "    target: swish\n    k: 8\n    uniform: [0, 1]\n    time_limit: -1\n",
            "'time_limit': expected a finite number >= 0, found -1.0"));
    String neurons = "experiments:\n  - name: n\n    kind: neurons\n";
    c.add(
        y(
            "neurons arch and model",
            neurons + "    arch: resnet50-cifar\n    model: m.onnx\n",
            "exactly one of 'arch'"));
    c.add(
        y(
            "neurons negative input",
            neurons + "    arch: resnet50-cifar\n    input: [-1, 32, 3]\n",
            "'input' must be positive"));
    c.add(
        y(
            "neurons input of two sizes",
            neurons + "    arch: resnet50-cifar\n    input: [32, 32]\n",
            "experiment 'n': 'input' must be positive sizes [height, width, channels], e.g. [32,"
                + " 32, 3], found [32, 32]"));
    c.add(
        y(
            "neurons unknown arch",
            neurons + "    arch: resnet-cifar\n",
            "experiment 'n': 'arch': unknown architecture 'resnet-cifar'"));
    c.add(
        y(
            "bench unknown arch",
            "experiments:\n  - name: b\n    kind: bench\n    arch: resnet50\n",
            "experiment 'b': 'arch': unknown architecture 'resnet50'"));
    String acc = "experiments:\n  - name: c\n    kind: accuracy\n";
    c.add(
        y("accuracy without model", acc + "    dataset: fashion-mnist:test\n", "missing 'model'"));
    c.add(
        y(
            "accuracy unknown dataset",
            acc + "    model: m.onnx\n    dataset: fmnist:test\n",
            "experiment 'c': 'dataset': dataset 'fmnist:test': unknown dataset 'fmnist'"));
    c.add(
        y(
            "accuracy dataset split",
            acc + "    model: m.onnx\n    dataset: fashion-mnist:val:100\n",
            "experiment 'c': 'dataset': dataset 'fashion-mnist:val:100': split must be train or"
                + " test, found 'val'"));
    c.add(
        y(
            "accuracy relu_k 99",
            acc + "    model: m.onnx\n    dataset: fashion-mnist:test\n    relu_k: 99\n",
            "'relu_k': expected a number of time steps K in 1..30, found 99"));
    c.add(
        y(
            "accuracy percentile 0",
            acc + "    model: m.onnx\n    dataset: fashion-mnist:test\n    percentile: 0\n",
            "'percentile': expected a percentile 0 < P < 100, found 0.0"));
    c.add(
        y(
            "accuracy unknown body",
            acc + "    model: m.onnx\n    dataset: fashion-mnist:test\n    body: fast\n",
            "'body': expected auto, native, table or dynamics, found 'fast'"));
    c.add(
        y(
            "accuracy fs not boolean",
            acc + "    model: m.onnx\n    dataset: fashion-mnist:test\n    fs: maybe\n",
            "must be true or false"));
    c.add(
        y(
            "accuracy empty map entry",
            acc + "    model: m.onnx\n    dataset: fashion-mnist:test\n" + "    map: {Relu: ''}\n",
            "'map' entry 'Relu'"));
    c.add(
        y(
            "spark: unknown key at the top level",
            "spark: {master: x, cores: 2}\n" + OK_APPROX,
            ":1:20: unknown key 'cores' in spark; allowed: master, partitions"));
    c.add(
        y(
            "spark: unknown key in an experiment",
            acc
                + "    model: m.onnx\n    dataset: fashion-mnist:test\n"
                + "    spark: {master: x, cores: 2}\n",
            ":6:24: unknown key 'cores' in experiment 'c'; allowed: master, partitions"));
    c.add(
        y(
            "spark: on another kind",
            OK_APPROX + "    spark: {master: x}\n",
            ":6:5: unknown key 'spark' in experiment 'a'"));
    c.add(
        y(
            "spark: in defaults of another kind",
            "defaults:\n  fit: {spark: off}\n" + OK_APPROX,
            ":2:9: unknown key 'spark' in defaults.fit"));
    c.add(
        y(
            "spark: no master",
            acc
                + "    model: m.onnx\n    dataset: fashion-mnist:test\n"
                + "    spark: {partitions: 2}\n",
            ":2:5: experiment 'c': missing 'spark.master': local[N], spark://host:port or another Spark master"));
    c.add(
        y(
            "spark: empty master",
            "spark: {master: ''}\n" + acc + "    model: m.onnx\n    dataset: fashion-mnist:test\n",
            "experiment 'c': missing 'spark.master'"));
    c.add(
        y(
            "spark: negative partitions",
            acc
                + "    model: m.onnx\n    dataset: fashion-mnist:test\n"
                + "    spark: {master: x, partitions: -1}\n",
            ":2:5: experiment 'c': 'partitions': expected a whole number >= 0, found -1"));
    c.add(
        y(
            "spark: negative partitions at the top level",
            "spark: {master: x, partitions: -1}\n" + OK_APPROX,
            ":1:8: spark: 'partitions': expected a whole number >= 0, found -1"));
    c.add(
        y(
            "spark: more partitions than Spark can schedule (was an OutOfMemoryError)",
            acc
                + "    model: m.onnx\n    dataset: fashion-mnist:test\n"
                + "    spark: {master: x, partitions: 2147483647}\n",
            ":2:5: experiment 'c': 'partitions': expected at most 100000 (one Spark task each),"
                + " found 2147483647"));
    c.add(
        y(
            "spark: partitions not a number",
            acc
                + "    model: m.onnx\n    dataset: fashion-mnist:test\n"
                + "    spark: {master: x, partitions: many}\n",
            ":6:36: 'partitions' in experiment 'c' must be an integer," + " found 'many'"));
    c.add(
        y(
            "spark: on",
            acc + "    model: m.onnx\n    dataset: fashion-mnist:test\n    spark: on\n",
            ":6:12: 'spark' in experiment 'c' must be a mapping (master, partitions) or off, found on"));
    c.add(
        y(
            "spark: a scalar at the top level",
            "spark: local\n" + OK_APPROX,
            ":1:8: 'spark' at the top level must be a mapping (master, partitions) or off, found 'local'"));
    c.add(
        y(
            "spark: bad variable reference",
            acc
                + "    model: m.onnx\n    dataset: fashion-mnist:test\n"
                + "    spark: {master: '${1X}'}\n",
            "experiment 'c': 'spark.master': bad variable reference '${1X}'"));
    c.add(
        y(
            "bench without subject",
            "experiments:\n  - name: b\n    kind: bench\n    batch: 4\n",
            "exactly one of 'layer', 'model' or 'arch'"));
    c.add(
        y(
            "bench batch 0",
            "experiments:\n  - name: b\n    kind: bench\n    arch: resnet8-cifar\n    batch: 0\n",
            "'batch': expected a batch size from 1 to 65536, found 0"));
    c.add(
        y(
            "bench input with a model",
            "experiments:\n  - name: b\n    kind: bench\n    model: m.onnx\n    input: 8x8x3\n",
            "experiment 'b': 'input' goes with 'arch'; an ONNX model declares its own input"));
    c.add(
        y(
            "bench input not HxWxC",
            "experiments:\n  - name: b\n    kind: bench\n    arch: resnet8-cifar\n    input: 8x8\n",
            "experiment 'b': 'input': input size '8x8': expected HxWxC with three positive"
                + " integers, e.g. 32x32x3"));
    c.add(
        y(
            "bench profile runs -1",
            "experiments:\n  - name: b\n    kind: bench\n    arch: resnet8-cifar\n    profile_runs: -1\n",
            "'profile_runs': expected a non-negative number, found -1"));
    c.add(
        y(
            "bench expects a profile it does not run",
            "experiments:\n  - name: b\n    kind: bench\n    arch: resnet8-cifar\n    profile_runs: 0\n"
                + "    expect:\n      fs_layers_share: {max: 0.5}\n",
            "'expect' names fs_layers_share, which needs profile_runs >= 1 (found 0)"));
    // ---- the command line around the file
    c.add(
        y(
            "results is a file",
            OK_APPROX,
            "expected a folder",
            "--results",
            "%DIR%/experiments.yaml"));
    c.add(y("record into a folder", OK_APPROX, "--record", "--record", "%DIR%"));
    c.add(y("record not a csv", OK_APPROX, "expected a .csv file", "--record", "%DIR%/ref.txt"));
    c.add(y("unknown selector", OK_APPROX, "--only nothing", "--only", "nothing"));
    c.add(y("no such file", null, "cannot read experiments file"));
    return c.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runCases")
  void malformedExperimentsFileIsOneLineExitTwo(YamlCase c) throws IOException {
    Path yaml = dir.resolve("experiments.yaml");
    if (c.yaml() != null) {
      Files.write(yaml, c.yaml());
    }
    Path results = dir.resolve("r");
    List<String> args = new ArrayList<>(List.of("run", yaml.toString(), "--no-tracking"));
    if (!c.args().contains("--results")) {
      args.addAll(List.of("--results", results.toString()));
    }
    c.args().forEach(a -> args.add(a.replace("%DIR%", dir.toString())));
    String line = Corpus.assertUserError(new Corpus.Case(c.name(), args, List.of(dir), c.expect()));
    assertFalse(Files.exists(results), c.name() + ": the results folder was created");
    assertTrue(line.length() <= 1100, c.name() + ": a message of " + line.length() + " characters");
  }

  static Stream<YamlCase> checkCases() {
    String header =
        "timestamp,experiment,kind,status,reason,metric,value,expect_value,expect_tol,expect_rel_tol,"
            + "expect_min,expect_max,check,source,git_commit,local_id\n";
    String row = "2025-01-01T00:00:00Z,a,approximation,%s,,mse,0.1,,,,,1,%s,,abc,id\n";
    return Stream.of(
        y("check: no such table", null, "no such results table"),
        y("check: a folder", null, "found a folder", "FOLDER"),
        y("check: not a results table", "a,b\n1,2\n", "not a results table: missing columns"),
        y("check: unknown status", header + row.formatted("won", "ok"), "unknown status 'won'"),
        y(
            "check: unknown check",
            header + row.formatted("passed", "great"),
            "unknown check 'great'"),
        y(
            "check: value not a number",
            header + row.formatted("passed", "ok").replace(",0.1,", ",abc,"),
            "abc"),
        y(
            "check: a row too short",
            header + "2025-01-01T00:00:00Z,a,approximation,passed,,mse\n",
            "latest.csv:2: expected 16 columns as in the header, found 6"),
        y("check: header only", header, "no results in the table"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("checkCases")
  void malformedResultsTableIsOneLineExitTwo(YamlCase c) throws IOException {
    Path csv = dir.resolve("latest.csv");
    if (c.yaml() != null) {
      Files.write(csv, c.yaml());
    }
    String target = c.args().contains("FOLDER") ? dir.toString() : csv.toString();
    Corpus.assertUserError(
        new Corpus.Case(c.name(), List.of("check", "--results", target), List.of(dir), c.expect()));
  }
}
