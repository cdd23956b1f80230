package org.fsneurons.experiments.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.fsneurons.core.UserInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kind: bench} on a small architecture: its metrics and params; no time is asserted. */
class BenchRunnerTest {
  @TempDir Path dir;

  private Measurement run(String settings) throws SkipException {
    return OneExperiment.run(
        dir, "experiments:\n  - name: b\n    kind: bench\n" + settings, BenchRunner::run);
  }

  @Test
  void anArchitectureAgainstItsFsVersion() throws Exception {
    Measurement m =
        run(
            "    arch: resnet8-cifar\n    body: table\n    batch: 2\n    warmup: 0\n    runs: 2\n"
                + "    profile_runs: 0\n");
    Map<String, Double> v = m.metrics();
    assertEquals(
        List.of("ann_ms", "fs_ms", "fs_over_ann", "ms_per_batch", "images_per_s"),
        List.copyOf(v.keySet()));
    assertTrue(v.get("ann_ms") > 0 && v.get("fs_ms") > 0, v.toString());
    assertEquals(v.get("fs_ms") / v.get("ann_ms"), v.get("fs_over_ann"), 1e-12);
    assertEquals(v.get("fs_ms"), v.get("ms_per_batch"));
    assertEquals(2 * 1000.0 / v.get("fs_ms"), v.get("images_per_s"), 1e-9);
    assertEquals("table", m.params().get("fs_kernel")); // the table body, no native kernel
    assertEquals("plain", m.params().get("fs_layout"));
    assertEquals("2", m.params().get("batch"));
    assertEquals("1", m.params().get("seed"));
    assertEquals("cpu", m.params().get("execution_provider"));
  }

  /**
   * The model-benchmark settings of {@code ./fs bench} reach the benchmark: profile_runs gives
   * fs_layers_share, the seed is the experiment's, and the map is the one converted.
   */
  @Test
  void yamlSettingsReachTheBenchmark() throws Exception {
    String settings =
        "    arch: resnet8-cifar\n    input: 16x16x3\n    body: table\n    warmup: 0\n"
            + "    runs: 1\n    profile_runs: 1\n    seed: 7\n    allow_spinning: true\n";
    Measurement m = run(settings);
    Map<String, Double> v = m.metrics();
    assertEquals(
        List.of(
            "ann_ms", "fs_ms", "fs_over_ann", "ms_per_batch", "images_per_s", "fs_layers_share"),
        List.copyOf(v.keySet()));
    assertTrue(v.get("fs_layers_share") > 0 && v.get("fs_layers_share") <= 1, v.toString());
    assertEquals("7", m.params().get("seed"));
    assertEquals("1", m.params().get("batch"));
    UserInputException keep =
        assertThrows(UserInputException.class, () -> run(settings + "    map: {Relu: keep}\n"));
    assertEquals(
        "arch:resnet8-cifar: no activation was converted (7 kept); check --map/--include/--exclude",
        keep.getMessage());
  }

  @Test
  void aLayerIsSkippedWithTheCommandThatRunsIt() {
    SkipException e =
        assertThrows(SkipException.class, () -> run("    layer: fs:swish:1x64x56x56\n"));
    assertEquals(
        "layer benchmarks run with ./fs bench --layer fs:swish:1x64x56x56 (interleaved variants); "
            + "kind: bench covers models and architectures",
        e.reason());
  }
}
