package org.fsneurons.experiments.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fsneurons.core.UserInputException;
import org.fsneurons.spark.SparkSettings;
import org.junit.jupiter.api.Test;

class ExperimentsFileTest {
  private static final Path FILE = Path.of("experiments.yaml");

  private static String error(String yaml) {
    return assertThrows(UserInputException.class, () -> ExperimentsFile.parse(yaml, FILE))
        .getMessage();
  }

  @Test
  void parsesKindsDefaultsAndExpectations() {
    ExperimentsConfig c =
        ExperimentsFile.parse(
            """
        mlflow_experiment: mine
        seed: 7
        defaults:
          accuracy: {batch: 16, dataset: "fashion-mnist:test:100"}
        experiments:
          - name: swish
            kind: approximation
            source: official README
            tags: [quick]
            coeffs: swish
            uniform: [-8, 12]
            points: 1000
            expect:
              mse: {value: 0.0034459, rel_tol: 0.01}
          - name: acc
            kind: accuracy
            model: m.onnx
            batch: 4
            expect:
              fs_top1: {min: 0.8}
        """,
            FILE);
    assertEquals("mine", c.mlflowExperiment());
    assertEquals(7, c.seed());
    assertEquals(List.of("swish", "acc"), c.names());
    ApproximationSpec a = assertInstanceOf(ApproximationSpec.class, c.experiments().get(0));
    assertEquals(List.of(-8.0, 12.0), a.uniform);
    assertEquals(1000, a.points);
    assertEquals(6, a.line);
    assertEquals(5, a.column);
    AccuracySpec acc = assertInstanceOf(AccuracySpec.class, c.experiments().get(1));
    assertEquals(4, acc.batch, "the experiment's own value wins over defaults");
    assertEquals("fashion-mnist:test:100", acc.dataset, "missing keys come from defaults.accuracy");
    assertEquals(
        List.of(new Expectation("mse", 0.0034459, null, 0.01, null, null)),
        c.expectationsOf("swish"));
    assertEquals(
        List.of(new Expectation("fs_top1", null, null, null, 0.8, null)), c.expectationsOf("acc"));
  }

  @Test
  void defaultsApplyToEachExperimentSeparately() {
    ExperimentsConfig c =
        ExperimentsFile.parse(
            """
        defaults:
          accuracy: {map: {Sigmoid: keep}}
        experiments:
          - {name: a, kind: accuracy, model: a.onnx, dataset: "fashion-mnist:test"}
          - {name: b, kind: accuracy, model: b.onnx, dataset: "fashion-mnist:test", map: {Relu: relu}}
        """,
            FILE);
    assertEquals(Map.of("Sigmoid", "keep"), ((AccuracySpec) c.experiments().get(0)).map);
    assertEquals(
        Map.of("Relu", "relu"), ((AccuracySpec) c.experiments().get(1)).map, "maps are replaced");
  }

  @Test
  void misspelledKeyGivesLineColumnKeyAndAllowedKeys() {
    String m =
        error(
            """
        experiments:
          - name: swish
            kind: approximation
            coeffs: swish
            uniform: [-8, 12]
            pionts: 5
        """);
    assertEquals(
        "experiments.yaml:6:5: unknown key 'pionts' in experiment 'swish'; allowed: name, kind, source,"
            + " tags, expect, coeffs, target, uniform, points, normal, samples, seed",
        m);
  }

  @Test
  void misspelledKeyBeforeKindIsStillExact() {
    String m =
        error(
            """
        experiments:
          - dataset_dir: /data
            name: fmnist
            kind: accuracy
        """);
    assertTrue(
        m.startsWith(
            "experiments.yaml:2:5: unknown key 'dataset_dir' in experiment 'fmnist'; allowed: name,"
                + " kind, source, tags, expect, model, dataset, fs,"),
        m);
  }

  @Test
  void unknownKeysInExpectDefaultsAndTopLevel() {
    assertEquals(
        "experiments.yaml:7:23: unknown key 'tolerance' in expect 'mse' of experiment 's'; allowed: value,"
            + " tol, rel_tol, min, max",
        error(
            """
        experiments:
          - name: s
            kind: approximation
            coeffs: swish
            uniform: [0, 1]
            expect:
              mse: {value: 1, tolerance: 2}
        """));
    assertTrue(
        error(
                """
        defaults:
          neurons: {archh: x}
        experiments: []
        """)
            .startsWith(
                "experiments.yaml:2:13: unknown key 'archh' in defaults.neurons; allowed: name, kind,"));
    assertEquals(
        "experiments.yaml:1:1: unknown key 'experiment' at the top level; allowed: mlflow_experiment, seed,"
            + " defaults, experiments, spark",
        error("experiment: []\n"));
  }

  @Test
  void wrongTypeNamesKeyExpectedTypeAndValue() {
    assertEquals(
        "experiments.yaml:5:13: 'points' in experiment 's' must be an integer, found 'many'",
        error(
            """
        experiments:
          - name: s
            kind: approximation
            coeffs: swish
            points: many
        """));
    assertEquals(
        "experiments.yaml:4:14: 'uniform' in experiment 's' must be a list, found 5",
        error(
            """
        experiments:
          - name: s
            kind: approximation
            uniform: 5
        """));
    assertEquals(
        "experiments.yaml:4:13: 'points' in experiment 's' must be an integer, found 1.5",
        error(
            """
        experiments:
          - name: s
            kind: approximation
            points: 1.5
        """));
    assertEquals(
        "experiments.yaml:4:9: 'fs' in experiment 'a' must be true or false, found 'maybe'",
        error(
            """
        experiments:
          - name: a
            kind: accuracy
            fs: maybe
        """));
  }

  @Test
  void unknownOrMissingKindListsAllowedKinds() {
    assertEquals(
        "experiments.yaml:3:11: unknown kind 'approx' in experiment 's'; allowed: approximation, neurons,"
            + " accuracy, fit, bench",
        error(
            """
        experiments:
          - name: s
            kind: approx
        """));
    assertEquals(
        "experiments.yaml:2:5: experiment 's' has no 'kind'; allowed: approximation, neurons, accuracy,"
            + " fit, bench",
        error(
            """
        experiments:
          - name: s
            coeffs: swish
        """));
  }

  @Test
  void duplicatesSyntaxAndSemanticErrors() {
    assertEquals(
        "experiments.yaml:4:5: duplicate key 'kind'; each key may appear once per mapping",
        error(
            """
        experiments:
          - name: a
            kind: approximation
            kind: neurons
        """));
    assertTrue(
        error("experiments:\n  - name: a\n   bad: [\n")
            .startsWith("experiments.yaml:3:4: not valid YAML: "));
    assertEquals(
        "experiments.yaml:5:5: duplicate experiment name 'a' (first at line 2)",
        error(
            """
        experiments:
          - name: a
            kind: bench
            arch: resnet8-cifar
          - name: a
            kind: bench
            arch: resnet14-cifar
        """));
    assertEquals(
        "experiments.yaml:2:5: experiment 'a': give exactly one of 'uniform: [lo, hi]' (with 'points') or"
            + " 'normal: [mean, std]' (with 'samples')",
        error(
            """
        experiments:
          - name: a
            kind: approximation
            coeffs: swish
            uniform: [0, 1]
            normal: [0, 1]
        """));
    assertEquals(
        "experiments.yaml:6:14: experiment 'a': expect 'mse': 'value' needs exactly one of 'tol' (absolute)"
            + " or 'rel_tol' (relative)",
        error(
            """
        experiments:
          - name: a
            kind: approximation
            coeffs: swish
            uniform: [0, 1]
            expect: {mse: {value: 1}}
        """));
    assertEquals(
        "experiments.yaml:2:5: experiment 'a': 'model': bad variable reference '${1X}'; expected ${NAME} or"
            + " ${NAME:-default} (NAME: letters, digits, '_'), or $$ for a literal $",
        error(
            """
        experiments:
          - name: a
            kind: accuracy
            model: ${1X}
            dataset: "fashion-mnist:test"
        """));
    assertEquals(
        "experiments.yaml: no experiments; expected 'experiments:' with a list of experiments (name, kind,"
            + " ...)",
        error("seed: 3\n"));
  }

  @Test
  void resolverSubstitutesEnvironmentAndReportsUnsetVariables() {
    ExperimentsConfig c =
        ExperimentsFile.parse(
            """
        seed: 5
        experiments:
          - name: acc
            kind: accuracy
            model: ${MODELS:-models}/r50.onnx
            dataset: imagenet:val:${N}
          - name: s
            kind: approximation
            coeffs: swish
            normal: [0, 1]
        """,
            FILE);
    ResolvedExperiment set =
        Resolver.resolve(c, c.experiments().get(0), Map.of("MODELS", "/m", "N", "10"));
    assertEquals("/m/r50.onnx", set.spec(AccuracySpec.class).model);
    assertEquals("imagenet:val:10", set.settings().get("dataset"));
    assertNull(set.unsetReason());
    ResolvedExperiment unset = Resolver.resolve(c, c.experiments().get(0), Map.of());
    assertEquals(
        "models/r50.onnx", unset.spec(AccuracySpec.class).model, "default used when unset");
    assertEquals("dataset ${N} not set", unset.unsetReason());
    ResolvedExperiment s = Resolver.resolve(c, c.experiments().get(1), Map.of());
    assertEquals(5L, s.spec(ApproximationSpec.class).seed, "the top-level seed fills in");
    assertEquals("5", s.settings().get("seed"));
    assertTrue(s.yaml().contains("name: s") && s.yaml().contains("seed: 5"), s.yaml());
    assertNull(((ApproximationSpec) c.experiments().get(1)).seed, "the loaded spec is not changed");
  }

  @Test
  void sparkDefaultOverrideOffAndInterpolation() {
    ExperimentsConfig c =
        ExperimentsFile.parse(
            """
        spark: {master: "${SPARK_MASTER:-local[2]}", partitions: 4}
        experiments:
          - {name: default, kind: accuracy, model: m.onnx, dataset: "fashion-mnist:test"}
          - {name: more, kind: accuracy, model: m.onnx, dataset: "fashion-mnist:test", spark: {partitions: 8}}
          - {name: cluster, kind: accuracy, model: m.onnx, dataset: "fashion-mnist:test", spark: {master: "spark://h:7077"}}
          - {name: off, kind: accuracy, model: m.onnx, dataset: "fashion-mnist:test", spark: off}
          - {name: false, kind: accuracy, model: m.onnx, dataset: "fashion-mnist:test", spark: false}
        """,
            FILE);
    Map<String, String> env = Map.of();
    List<Optional<SparkSettings>> got = new ArrayList<>();
    for (ExperimentSpec e : c.experiments()) {
      got.add(Resolver.resolve(c, e, env).spec(AccuracySpec.class).spark());
    }
    assertEquals(
        List.of(
            Optional.of(new SparkSettings("local[2]", 4)),
            Optional.of(new SparkSettings("local[2]", 8)),
            Optional.of(new SparkSettings("spark://h:7077", 4)),
            Optional.empty(),
            Optional.empty()),
        got,
        "the top level is the default; an experiment's keys replace it key by key; off and false run locally");
    ResolvedExperiment set =
        Resolver.resolve(c, c.experiments().get(0), Map.of("SPARK_MASTER", "spark://m:7077"));
    assertEquals(
        Optional.of(new SparkSettings("spark://m:7077", 4)), set.spec(AccuracySpec.class).spark());
    assertEquals("spark://m:7077", set.settings().get("spark.master"), "recorded as a param");
    assertEquals("4", set.settings().get("spark.partitions"));

    ExperimentsConfig own =
        ExperimentsFile.parse(
            """
        defaults:
          accuracy: {spark: {master: "local[3]"}}
        experiments:
          - {name: a, kind: accuracy, model: m.onnx, dataset: "fashion-mnist:test"}
          - {name: b, kind: accuracy, model: m.onnx, dataset: "fashion-mnist:test", spark: {partitions: 0}}
          - {name: c, kind: accuracy, model: m.onnx, dataset: "fashion-mnist:test", spark: {master: "${UNSET_MASTER}"}}
        """,
            FILE);
    assertEquals(
        Optional.of(new SparkSettings("local[3]", 0)),
        ((AccuracySpec) own.experiments().get(0)).spark(),
        "defaults.accuracy.spark without a top-level spark; partitions default to 0");
    assertEquals(
        Optional.of(new SparkSettings("local[3]", 0)),
        ((AccuracySpec) own.experiments().get(1)).spark(),
        "an experiment's spark: keys go over those of defaults.accuracy.spark");
    assertEquals(
        "spark.master ${UNSET_MASTER} not set",
        Resolver.resolve(own, own.experiments().get(2), Map.of()).unsetReason());
  }

  @Test
  void unknownMetricInExpectIsRefusedAtItsPlace() {
    assertEquals(
        "experiments.yaml:7:7: unknown metric 'msee' in expect of experiment 's'; a approximation experiment"
            + " reports mse, max_abs_error, mean_spikes, k, points",
        error(
            """
        experiments:
          - name: s
            kind: approximation
            coeffs: swish
            uniform: [-8, 12]
            expect:
              msee: {max: 0.1}
        """));
    assertEquals(
        "experiments.yaml:6:14: unknown metric 'neurons.Foo' in expect of experiment 'n'; a neurons"
            + " experiment reports neurons, layers, kept_layers, neurons.<OpType> (OpType: Relu, Sigmoid, Swish, Tanh,"
            + " Gelu, Softplus, Elu, LeakyRelu, HardSwish, Mish)",
        error(
            """
        experiments:
          - name: n
            kind: neurons
            arch: resnet50-cifar
            expect: {neurons: {min: 1},
                     neurons.Foo: {min: 1}}
        """));
    // every name each kind reports is accepted, including the per-op counts and the accuracy kind's
    // nonfinite_outputs
    ExperimentsConfig ok =
        ExperimentsFile.parse(
            """
        experiments:
          - name: n
            kind: neurons
            arch: resnet50-cifar
            expect: {neurons.Relu: {min: 1}, kept_layers: {max: 0}}
          - name: a
            kind: accuracy
            model: m.onnx
            dataset: fashion-mnist:test
            expect: {nonfinite_outputs: {max: 0}, fs_minus_ann_top1: {min: -0.01}}
          - name: b
            kind: bench
            arch: efficientnet-b0
            expect: {fs_over_ann: {max: 1.2}}
        """,
            FILE);
    assertEquals(
        List.of(
            new Expectation("nonfinite_outputs", null, null, null, null, 0.0),
            new Expectation("fs_minus_ann_top1", null, null, null, -0.01, null)),
        ok.expectationsOf("a"));
  }

  @Test
  void emptyExpectEntryIsReported() {
    assertEquals(
        "experiments.yaml:7:7: experiment 's': expect 'mse': empty; give value/tol,"
            + " value/rel_tol or min/max",
        error(
            """
        experiments:
          - name: s
            kind: approximation
            coeffs: swish
            uniform: [-8, 12]
            expect:
              mse:
        """));
  }

  @Test
  void aliasesAreRefusedNotReadAsTheirNames() {
    assertEquals(
        "experiments.yaml:6:17: YAML alias '*a' is not supported (anchors and aliases are not resolved"
            + " here); write the value out in full",
        error(
            """
        experiments:
          - name: s
            kind: approximation
            coeffs: swish
            uniform: [&a -8, 12]
            normal: [0, *a]
        """));
  }

  @Test
  void aFileOverTheSizeLimitIsRefusedBeforeParsing() throws Exception {
    Path big = Files.createTempFile("experiments", ".yaml");
    try {
      Files.writeString(big, "experiments:\n" + "# padding\n".repeat(200));
      long max = ExperimentsFile.maxBytes(Map.of(ExperimentsFile.MAX_BYTES_PROPERTY, "1000"));
      long size = Files.size(big);
      assertEquals(
          big
              + ": "
              + size
              + " bytes, more than the 1000 bytes an experiments file may have; a real one is"
              + " a few kB (raise the limit with FS_YAML_MAX_BYTES if this one is meant)",
          assertThrows(UserInputException.class, () -> ExperimentsFile.load(big, max))
              .getMessage());
      assertEquals(
          "system property fsneurons.yaml.max_bytes: expected a positive number of bytes, found 'lots'",
          assertThrows(
                  UserInputException.class,
                  () ->
                      ExperimentsFile.maxBytes(Map.of(ExperimentsFile.MAX_BYTES_PROPERTY, "lots")))
              .getMessage());
      assertEquals(
          "FS_YAML_MAX_BYTES: expected a positive number of bytes, found '0'",
          assertThrows(
                  UserInputException.class,
                  () -> ExperimentsFile.maxBytes(Map.of("FS_YAML_MAX_BYTES", "0")))
              .getMessage());
      assertEquals(2000, ExperimentsFile.maxBytes(Map.of("FS_YAML_MAX_BYTES", "2000")));
    } finally {
      Files.delete(big);
    }
    assertEquals(1L << 20, ExperimentsFile.maxBytes(Map.of()));
  }
}
