package org.fsneurons.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./fs eval --fs} on the committed Fashion-MNIST ResNet-20: synaptic operations, energy,
 * preprocessing and per-class results agree with the tables written beside them.
 */
class EvalReportsCliTest {
  static final Path MODEL = Path.of("..", "models", "fmnist-resnet20.onnx");

  @TempDir Path dir;

  @BeforeEach
  void data() {
    assumeTrue(
        Files.isDirectory(CliTest.FMNIST),
        "Fashion-MNIST not installed (apt-get install dataset-fashion-mnist)");
  }

  /**
   * {@code ./fs eval} of the committed ResNet-20 on the Fashion-MNIST test split, with {@code
   * flags}.
   */
  static CliTest.Run evalResNet20(String... flags) {
    return CliTest.fs(
        Stream.concat(
                Stream.of("eval", "--model", MODEL.toString(), "--dataset", "fashion-mnist:test"),
                Stream.of(flags))
            .toArray(String[]::new));
  }

  @Test
  void synopsEnergyAndPerClassAgreeWithTheirTables() throws Exception {
    Path layers = dir.resolve("layers.csv");
    Path perClass = dir.resolve("per-class.csv");
    CliTest.Run r =
        evalResNet20(
            "--limit",
            "300",
            "--fs",
            "--layers-csv",
            layers.toString(),
            "--per-class-csv",
            perClass.toString(),
            "--per-class",
            "--layers-plot",
            dir.resolve("layers.png").toString(),
            "--per-class-plot",
            dir.resolve("pc.png").toString());
    assertEquals(0, r.code(), r.err());
    Map<String, String> k = r.keys();
    assertEquals("mean-std", k.get("normalization"));
    assertEquals(
        MODEL.resolveSibling("fmnist-resnet20.json").toString(), k.get("normalization_source"));
    double synops = Double.parseDouble(k.get("synops"));
    long macs = Long.parseLong(k.get("ann_macs"));
    // 19 FS-ReLU layers feeding 3x3 convolutions and the classifier: the ANN MACs of those layers
    // are fixed by the
    // architecture (ResNet-20 v2, 16/32/64 channels, 28x28 input)
    assertEquals(30909056L, macs);
    assertEquals(synops / macs, Double.parseDouble(k.get("synops_per_mac")), 1e-4);
    assertEquals(synops * 0.9 / (macs * 4.6), Double.parseDouble(k.get("energy_ratio")), 1e-4);
    // the per-layer table sums to the printed total
    List<String> rows = Files.readAllLines(layers);
    List<String> header = List.of(rows.get(0).split(","));
    int col = header.indexOf("synops_per_image");
    double sum =
        rows.stream().skip(1).mapToDouble(l -> Double.parseDouble(l.split(",")[col])).sum();
    assertEquals(synops, sum, synops * 1e-5);
    assertEquals(20, rows.size()); // header + 19 layers
    // per class: supports add up to the images, and the printed lines match the table
    long support =
        Files.readAllLines(perClass).stream()
            .filter(l -> l.startsWith("accuracy,ann,"))
            .mapToLong(l -> Long.parseLong(l.split(",")[3]))
            .sum();
    assertEquals(300, support);
    assertTrue(k.get("class_1").startsWith("support "), k.get("class_1"));
    assertTrue(
        Files.size(dir.resolve("layers.png")) > 1000 && Files.size(dir.resolve("pc.png")) > 1000);
  }

  @Test
  void energyConstantsAreSettings() {
    CliTest.Run r =
        evalResNet20("--limit", "100", "--fs", "--energy-ac-pj", "1", "--energy-mac-pj", "2");
    assertEquals(0, r.code(), r.err());
    Map<String, String> k = r.keys();
    assertEquals("1.0", k.get("energy_ac_pj"));
    assertEquals("2.0", k.get("energy_mac_pj"));
    double expected =
        Double.parseDouble(k.get("synops")) * 1 / (Long.parseLong(k.get("ann_macs")) * 2.0);
    assertEquals(expected, Double.parseDouble(k.get("energy_ratio")), 1e-4);
    CliTest.Run bad = evalResNet20("--fs", "--energy-ac-pj", "-1");
    assertEquals(2, bad.code());
    assertEquals(
        "fs: --energy-ac-pj: expected a positive number of picojoules, found -1.0",
        bad.err().strip());
  }
}
