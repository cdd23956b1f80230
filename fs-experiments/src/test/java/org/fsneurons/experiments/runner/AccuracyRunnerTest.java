package org.fsneurons.experiments.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.fsneurons.experiments.config.ExperimentsConfig;
import org.fsneurons.experiments.config.ExperimentsFile;
import org.fsneurons.models.onnx.OnnxModels;
import org.fsneurons.tracking.DatasetInput;
import org.fsneurons.tracking.RunRecord;
import org.fsneurons.tracking.Spool;
import org.fsneurons.tracking.Tracking;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kind: accuracy} end to end through the run loop, tracked into a spool: the synops/energy
 * metrics, the per-class artifacts, the converted model as MLflow model {@code fs_model} and the
 * datasets as run inputs.
 */
class AccuracyRunnerTest {
  private static final Path FMNIST = Path.of("/usr/share/datasets/fashion-mnist");

  /** The committed Fashion-MNIST ResNet-20, absolute: the experiments file lies in {@link #dir}. */
  private static final Path MODEL =
      Path.of("..", "models", "fmnist-resnet20.onnx").toAbsolutePath().normalize();

  @TempDir Path dir;

  /** Skips a test where Fashion-MNIST is not installed (CI installs it: there it must be). */
  private static void needFashionMnist() {
    assumeTrue(
        Files.isDirectory(FMNIST) || System.getenv("CI") != null, "Fashion-MNIST not installed");
  }

  /**
   * Writes {@code yaml} as experiments.yaml and runs every experiment of it through the run loop,
   * tracked into {@code spool} (no server).
   */
  private RunSummary runSpooled(String yaml, Spool spool) throws IOException {
    Path file = dir.resolve("experiments.yaml");
    Files.writeString(file, yaml);
    ExperimentsConfig cfg = ExperimentsFile.load(file);
    Tracking t =
        Tracking.spoolOnly(
            spool, "no server in this test", new PrintWriter(new StringWriter(), true));
    RunLoop loop =
        FixedLoop.of(
            RunLoop::runKind, t, dir.resolve("results"), new PrintWriter(new StringWriter(), true));
    return loop.run(cfg, Selection.select(cfg, null));
  }

  @Test
  void trackedAccuracyRunCarriesSynopsPerClassModelAndInputs() throws Exception {
    needFashionMnist();
    Spool spool = new Spool(dir.resolve("results/spool"));
    RunSummary s =
        runSpooled(
            """
        experiments:
          - name: acc
            kind: accuracy
            model: %s
            dataset: fashion-mnist:test:200
            calibrate: 100
            expect:
              synops_per_mac: {min: 0.5, max: 2}
        """
                .formatted(MODEL),
            spool);
    assertEquals("passed: 1 failed: 0 skipped: 0 measured: 0 interrupted: 0", s.line());

    RunRecord r = spool.entries().get(0).record();
    Map<String, Double> m = r.metrics();
    assertEquals(200.0, m.get("images"));
    // the same pipeline as ./fs eval: 30909056 MACs per 28x28 image (README, fmnist-resnet20),
    // synops = spikes x fan-out
    assertEquals(30909056.0, m.get("ann_macs"));
    assertEquals(m.get("synops") / m.get("ann_macs"), m.get("synops_per_mac"), 1e-12);
    assertEquals(m.get("synops") * 0.9 / (m.get("ann_macs") * 4.6), m.get("energy_ratio"), 1e-12);
    assertEquals("0.9", r.params().get("energy_ac_pj"));
    assertEquals("mean-std", r.params().get("normalization"));

    Path onnx = r.models().get("fs_model");
    assertTrue(Files.isRegularFile(onnx), String.valueOf(onnx));
    assertTrue(OnnxModels.load(onnx).getGraph().getNodeCount() > 0);
    List<DatasetInput> in = r.inputs();
    assertEquals(
        List.of("fashion-mnist:test:200", "fashion-mnist:train:100"),
        in.stream().map(DatasetInput::name).toList());
    assertEquals(List.of("test", "calibration"), in.stream().map(DatasetInput::context).toList());
    assertEquals(32, in.get(0).digest().length());
    assertEquals("{\"num_rows\":200}", in.get(0).profile());
    assertTrue(Files.isRegularFile(r.artifactDir().resolve("per_class.csv")));
    assertTrue(
        Files.readString(r.artifactDir().resolve("fs_layers.csv"))
            .lines()
            .findFirst()
            .orElseThrow()
            .contains("synops"));
  }

  /**
   * {@code spark: {master: local[2], partitions: 3}}: the numbers of the local run, with the engine
   * recorded.
   */
  @Test
  void sparkSettingGivesTheLocalNumbers() throws Exception {
    needFashionMnist();
    Spool spool = new Spool(dir.resolve("results/spool"));
    RunSummary s =
        runSpooled(
            """
        spark: {master: "local[2]", partitions: 3}
        experiments:
          - name: on-spark
            kind: accuracy
            model: %1$s
            dataset: fashion-mnist:test:300
          - name: local
            kind: accuracy
            model: %1$s
            dataset: fashion-mnist:test:300
            spark: off
        """
                .formatted(MODEL),
            spool);
    assertEquals("passed: 0 failed: 0 skipped: 0 measured: 2 interrupted: 0", s.line());
    Map<String, RunRecord> byName = new HashMap<>();
    for (Spool.Entry e : spool.entries()) {
      byName.put(e.record().runName(), e.record());
    }
    RunRecord spark = byName.get("on-spark");
    RunRecord local = byName.get("local");
    assertEquals("spark", spark.params().get("engine"));
    assertEquals("local[2]", spark.params().get("spark_master"));
    assertEquals("3", spark.params().get("partitions"));
    assertEquals("local", local.params().get("engine"));
    for (String k :
        List.of(
            "images",
            "ann_top1",
            "ann_top5",
            "fs_top1",
            "spikes_per_neuron",
            "neurons",
            "synops",
            "ann_macs",
            "nonfinite_outputs")) {
      assertEquals(local.metrics().get(k), spark.metrics().get(k), k);
    }
    assertEquals(
        local.metrics().get("fs_input_mean"),
        spark.metrics().get("fs_input_mean"),
        1e-9 * Math.abs(local.metrics().get("fs_input_mean")));
    assertTrue(spark.metrics().get("images_per_s") > 0);
  }
}
