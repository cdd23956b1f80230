package org.fsneurons.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.fsneurons.models.convert.ConversionOptions;
import org.fsneurons.models.convert.Converter;
import org.fsneurons.models.data.DatasetSpec;
import org.fsneurons.models.data.Datasets;
import org.fsneurons.models.data.ImageDataset;
import org.fsneurons.models.data.Layout;
import org.fsneurons.models.data.Normalization;
import org.fsneurons.models.data.Preprocessing;
import org.fsneurons.models.nativekernel.NativeFsKernel;
import org.fsneurons.models.onnx.OnnxModels;
import org.fsneurons.models.ort.OrtRunner;
import org.fsneurons.models.ort.SessionConfig;
import org.fsneurons.models.ort.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The FS network as an MLflow model: the committed ResNet-20 converted as {@code ./fs convert} does
 * it is logged as {@code fs_model} to the test server (MLFLOW_TRACKING_URI), served with {@code
 * mlflow models serve} on 127.0.0.1 (Python onnxruntime runs the FS nodes through their ONNX
 * function bodies), and its logits for a batch of Fashion-MNIST test images, normalised as {@code
 * ./fs eval} does, match the Java ONNX Runtime run of the same file (with the native FS kernel
 * where it is built, as {@code ./fs eval} runs it). Runs whenever MLFLOW_TRACKING_URI is set; on CI
 * (CI=true) a missing one fails the test instead of skipping it.
 */
class ModelServeTest {
  private static final Path HOME = Path.of("").toAbsolutePath().getParent();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int N = 16;
  private static final Duration SERVE_START = Duration.ofSeconds(180);

  @TempDir Path dir;

  @Test
  @Timeout(600)
  void servedFsModelGivesTheLogitsOfTheJavaRun() throws Exception {
    String uri = System.getenv("MLFLOW_TRACKING_URI");
    boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
    if (uri == null || uri.isBlank()) {
      if (ci) {
        fail("CI=true but MLFLOW_TRACKING_URI is not set: run the tests through scripts/test.sh");
      }
      assumeTrue(false, "MLFLOW_TRACKING_URI not set: run through scripts/test.sh");
    }
    Path ann = HOME.resolve("models/fmnist-resnet20.onnx");
    Path fs = dir.resolve("fmnist-resnet20-fs.onnx");
    OnnxModels.save(
        Converter.convert(OnnxModels.load(ann), ConversionOptions.defaults(), ann.toString())
            .model(),
        fs);

    DatasetSpec spec = DatasetSpec.parse("fashion-mnist:test:" + N);
    // what ./fs eval applies: the model's metadata JSON (mean-std, 0.286/0.353), else the dataset
    // default
    Preprocessing pre = Preprocessing.resolve(ann, spec.kind(), null, "normalization");
    assertEquals(Normalization.MEAN_STD, pre.normalization());
    ImageDataset data = Datasets.defaults().open(spec, pre.normalization(), 0);
    assertEquals(N, data.size());
    float[] x = new float[N * 28 * 28];
    data.batch(0, N, Layout.NCHW, x);
    float[] expected;
    boolean nativeKernel;
    try (OrtRunner r =
        OrtRunner.open(fs, NativeFsKernel.withKernelIfAvailable(SessionConfig.cpu()))) {
      nativeKernel = r.customOpsRegistered();
      expected =
          r.run(Map.of("input", Tensor.ofFloats(x, N, 1, 28, 28)), List.of("logits"))
              .get("logits")
              .floats();
    }
    assertEquals(N * 10, expected.length);

    RunRecord rec =
        new RunRecord(
            "20250101T000000000Z-serve",
            "fs-serve-" + UUID.randomUUID(),
            "serve",
            1_700_000_000_000L,
            1_700_000_001_000L,
            Map.of(),
            Map.of(),
            Map.of(),
            null,
            Map.of("fs_model", fs),
            List.of(),
            null);
    String runId = new MlflowTracker(uri, HOME, Duration.ofSeconds(60)).upload(rec);

    int port = LocalServer.freePort();
    Path log = dir.resolve("serve.log");
    ProcessBuilder pb =
        new ProcessBuilder(
                HOME.resolve(".venv/bin/mlflow").toString(),
                "models",
                "serve",
                "-m",
                "runs:/" + runId + "/fs_model",
                "--env-manager",
                "local",
                "-h",
                "127.0.0.1",
                "-p",
                Integer.toString(port))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().put("MLFLOW_TRACKING_URI", uri);
    // mlflow models serve execs "gunicorn" by name: the environment's bin folder must be on PATH
    pb.environment()
        .merge("PATH", HOME.resolve(".venv/bin").toString(), (old, venv) -> venv + ":" + old);
    Process serve = pb.start();
    List<ProcessHandle> tree = List.of();
    try {
      String base = "http://127.0.0.1:" + port;
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      long deadline = System.nanoTime() + SERVE_START.toNanos();
      while (!MlflowTracker.health(http, base, Duration.ofSeconds(2))) {
        assertTrue(serve.isAlive(), () -> "mlflow models serve exited: " + tail(log));
        assertTrue(
            System.nanoTime() < deadline,
            () -> "not serving after " + SERVE_START + ": " + tail(log));
        Thread.sleep(500);
      }
      ObjectNode body = JSON.createObjectNode();
      ArrayNode batch = body.putObject("inputs").putArray("input");
      for (int i = 0; i < N; i++) {
        ArrayNode rows = batch.addArray().addArray(); // one channel
        for (int h = 0; h < 28; h++) {
          ArrayNode row = rows.addArray();
          for (int w = 0; w < 28; w++) {
            row.add(x[i * 784 + h * 28 + w]);
          }
        }
      }
      HttpResponse<String> resp =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/invocations"))
                  .timeout(Duration.ofSeconds(120))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                  .build(),
              HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      assertEquals(200, resp.statusCode(), resp.body());
      JsonNode logits = JSON.readTree(resp.body()).at("/predictions/logits");
      assertEquals(N, logits.size(), resp.body());
      double maxDiff = 0;
      for (int i = 0; i < N; i++) {
        assertEquals(10, logits.get(i).size());
        for (int c = 0; c < 10; c++) {
          maxDiff =
              Math.max(maxDiff, Math.abs(logits.get(i).get(c).asDouble() - expected[i * 10 + c]));
        }
      }
      System.out.println(
          "ModelServeTest: max |served - Java ORT"
              + (nativeKernel ? " (native FS kernel)" : "")
              + "| logit difference over "
              + N
              + " images: "
              + maxDiff);
      assertTrue(maxDiff < 1e-4, "max abs logit difference " + maxDiff);
    } finally {
      tree = serve.descendants().toList();
      LocalServer.stopTree(serve);
    }
    assertTrue(
        !serve.isAlive() && tree.stream().noneMatch(ProcessHandle::isAlive),
        "server and workers stopped");
  }

  private static String tail(Path log) {
    try {
      List<String> l = Files.readAllLines(log);
      return String.join(" | ", l.subList(Math.max(0, l.size() - 5), l.size()));
    } catch (Exception e) {
      return "(no log)";
    }
  }
}
