package org.fsneurons.models.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fsneurons.core.UserInputException;
import org.fsneurons.core.coeff.CoefficientSets;
import org.fsneurons.core.onnx.FsBody;
import org.fsneurons.models.convert.ConversionOptions;
import org.fsneurons.models.nativekernel.NativeFsKernel;
import org.fsneurons.models.ort.SessionConfig;
import org.fsneurons.models.progress.ProgressListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report of {@code ./fs bench} and {@code kind: bench}: which {@code key: value} lines, in
 * which order, and which bench.csv columns, on a tiny layer and a small ResNet (resnet8-cifar,
 * 8x8x3: 7 Relu layers). Times are not asserted; every other value is.
 */
class BenchTest {
  @TempDir Path dir;

  private static final SessionConfig ONE_THREAD = SessionConfig.cpu().withThreads(1);

  private static Bench.Settings settings(List<String> sessionConfig, List<String> fsConfig) {
    return new Bench.Settings(
        ONE_THREAD, "cpu", false, sessionConfig, fsConfig, 1, 2, 7, "fs bench test");
  }

  /** The keys of the report's lines, without the table (lines starting with #). */
  private static List<String> keys(List<String> lines) {
    return lines.stream()
        .filter(l -> !l.startsWith("#"))
        .map(l -> l.substring(0, l.indexOf(": ")))
        .toList();
  }

  private static String value(List<String> lines, String key) {
    return lines.stream()
        .filter(l -> l.startsWith(key + ": "))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + key + " in " + lines))
        .substring(key.length() + 2);
  }

  @Test
  void layerReportNamesEveryVariantAndChecksThem() {
    Bench.Report<LayerBench.Result> r =
        Bench.layer(
            new Bench.Layer(new long[] {2, 3, 4, 5}, CoefficientSets.bundled("relu")),
            settings(List.of(), List.of()),
            ProgressListener.NONE);
    boolean lib = NativeFsKernel.library().isPresent();
    List<String> expected =
        new ArrayList<>(
            List.of(
                "kind",
                "shape",
                "coeffs",
                "runs",
                "warmup",
                "provider",
                "threads",
                "spinning",
                "machine",
                "load_avg",
                "relu_ms",
                "fs_native_ms",
                "fs_native_spikes_ms",
                "fs_table_ms",
                "fs_dynamics_ms",
                "native_over_relu",
                "spikes_over_native",
                "fs_kernel",
                "check",
                "load_avg_end"));
    if (lib) { // the spike total comes from the native spikes variant
      expected.add(expected.indexOf("check"), "spikes_per_neuron");
    }
    List<String> lines = r.lines();
    assertEquals(expected, keys(lines));
    assertEquals("layer", value(lines, "kind"));
    assertEquals("2,3,4,5", value(lines, "shape"));
    assertEquals("relu (K=10)", value(lines, "coeffs"));
    assertEquals("2", value(lines, "runs"));
    assertEquals("1", value(lines, "warmup"));
    assertEquals("1", value(lines, "threads"));
    assertEquals("off (session.intra_op.allow_spinning=0)", value(lines, "spinning"));
    assertEquals("ok (every FS variant's y equals the dynamics body's)", value(lines, "check"));
    assertEquals(lib ? "native" : "unavailable", value(lines, "fs_kernel"));
    // the table: a header and one line per variant that ran
    assertEquals(
        (lib ? 5 : 3) + 1, lines.stream().filter(l -> l.startsWith("# ")).count(), lines::toString);

    Map<String, String> row = r.row();
    assertTrue(BenchCsv.COLUMNS.containsAll(row.keySet()), row.keySet().toString());
    assertEquals("layer", row.get("kind"));
    assertEquals("2,3,4,5", row.get("subject"));
    assertEquals("relu", row.get("coeffs_or_body"));
    assertEquals("1", row.get("threads"));
    assertEquals("fs bench test", row.get("command"));
    assertEquals(lib ? "native" : "", row.get("fs_kernel"));
    assertEquals(
        lib ? "" : "native unavailable: " + NativeFsKernel.unavailableReason(), row.get("notes"));
    assertEquals(value(lines, "relu_ms"), row.get("relu_ms"));
  }

  @Test
  void modelReportWithProfileAndConfigEntries() {
    Bench.Report<ModelBench.Result> r =
        Bench.model(
            new Bench.Model(
                Bench.Subject.arch("resnet8-cifar", "8x8x3", 1),
                ConversionOptions.defaults().withBody(FsBody.TABLE),
                "table",
                List.of("Relu=relu"),
                ONE_THREAD,
                2,
                1),
            settings(
                List.of("session.inter_op.allow_spinning=0"),
                List.of("optimization.disable_specified_optimizers=NchwcTransformer")),
            ProgressListener.NONE);
    List<String> lines = r.lines();
    assertEquals(
        List.of(
            "kind",
            "model",
            "input",
            "batch",
            "body",
            "map",
            "fs_kernel",
            "fs_layout",
            "fs_layers",
            "kept_layers",
            "runs",
            "warmup",
            "provider",
            "threads",
            "spinning",
            "session_config",
            "machine",
            "load_avg",
            "ann_ms",
            "fs_ms",
            "fs_over_ann",
            "fs_layers_share",
            "fs_layers_ms",
            "profile_runs",
            "fs_profile_nodes",
            "ann_profile_nodes",
            "fs_ops",
            "ann_ops",
            "load_avg_end"),
        keys(lines));
    assertEquals("arch:resnet8-cifar 8x8x3", value(lines, "model"));
    assertEquals("input [2, 3, 8, 8]", value(lines, "input"));
    assertEquals("table", value(lines, "body"));
    assertEquals("map Relu=relu", value(lines, "map"));
    assertEquals("table", value(lines, "fs_kernel"));
    assertEquals("7", value(lines, "fs_layers"));
    assertEquals("0", value(lines, "kept_layers"));
    assertEquals(
        "session.inter_op.allow_spinning=0 fs only: "
            + "optimization.disable_specified_optimizers=NchwcTransformer",
        value(lines, "session_config"));
    assertEquals("1", value(lines, "profile_runs"));
    assertTrue(value(lines, "fs_ops").endsWith(" (ms per run x nodes per run)"));

    Map<String, String> row = r.row();
    assertTrue(BenchCsv.COLUMNS.containsAll(row.keySet()), row.keySet().toString());
    assertEquals("model", row.get("kind"));
    assertEquals("arch:resnet8-cifar 8x8x3", row.get("subject"));
    assertEquals("table; map Relu=relu", row.get("coeffs_or_body"));
    assertEquals("2", row.get("batch"));
    assertEquals("fs_layout " + r.result().fsLayout(), row.get("notes"));
    assertEquals(value(lines, "fs_layers_share"), row.get("fs_layers_share"));
  }

  @Test
  void autoBodySaysWhatItPickedAndNoProfileIsSaid() {
    Bench.Report<ModelBench.Result> r =
        Bench.model(
            new Bench.Model(
                Bench.Subject.arch("resnet8-cifar", "8x8x3", 1),
                ConversionOptions.defaults().withBody(FsBody.DYNAMICS),
                "auto",
                List.of(),
                ONE_THREAD, // no library: auto falls back to the dynamics body
                1,
                0),
            settings(List.of(), List.of()),
            ProgressListener.NONE);
    List<String> lines = r.lines();
    assertEquals("auto (dynamics)", value(lines, "body"));
    assertEquals("default map", value(lines, "map"));
    assertEquals("not measured (--profile-runs 0)", value(lines, "fs_layers_share"));
    assertTrue(keys(lines).stream().noneMatch(k -> k.equals("session_config")));
    assertEquals("auto (dynamics); default map", r.row().get("coeffs_or_body"));
  }

  @Test
  void aConfigEntryWithoutKeyIsRefused() {
    UserInputException e =
        assertThrows(UserInputException.class, () -> settings(List.of("a=1"), List.of("=1")));
    assertEquals("--session-config/--fs-config: expected KEY=VALUE, found '=1'", e.getMessage());
  }

  @Test
  void appendWritesTheTableThenTheReferenceOnce() throws Exception {
    Bench.Report<String> r =
        new Bench.Report<>("x", List.of(), Map.of("kind", "layer", "subject", "1,1"));
    Path table = dir.resolve("bench.csv");
    Path reference = dir.resolve("reference/bench.csv");
    List<String> written = new ArrayList<>();
    r.append(table, reference, written);
    r.append(table, table, written); // the same file is written once
    assertEquals(List.of("csv: " + table, "reference: " + reference, "csv: " + table), written);
    assertEquals(3, Files.readAllLines(table).size());
    assertEquals(2, Files.readAllLines(reference).size());
  }
}
