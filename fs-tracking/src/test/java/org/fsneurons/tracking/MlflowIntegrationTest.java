package org.fsneurons.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.fsneurons.core.coeff.CoefficientFiles;
import org.fsneurons.core.coeff.CoefficientSets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow.api.proto.Service.RunStatus;
import org.mlflow.tracking.MlflowClient;

/**
 * Integration with a real MLflow server (scripts/test.sh starts one and exports MLFLOW_TRACKING_URI
 * and MLFLOW_PYTHON_EXECUTABLE): runs logged through the Java client are read back through MLflow's
 * REST API.
 */
class MlflowIntegrationTest {
  private static String uri;

  @TempDir Path dir;

  /**
   * Each test asks (a skip is then reported per test, not as a class that silently ran nothing).
   */
  private static void requireServer() {
    uri = System.getenv("MLFLOW_TRACKING_URI");
    assumeTrue(
        uri != null && !uri.isBlank(), "MLFLOW_TRACKING_URI not set: run through scripts/test.sh");
  }

  @Test
  void javaClientRunReadsBackThroughRest() throws Exception {
    requireServer();
    assumeTrue(
        System.getenv("MLFLOW_PYTHON_EXECUTABLE") != null,
        "MLFLOW_PYTHON_EXECUTABLE not set: the Java client logs artifacts with MLflow's Python CLI");
    MlflowClient client = new MlflowClient(uri);
    String exp = client.createExperiment("fs-it-" + UUID.randomUUID());
    String runId = client.createRun(exp).getRunId();
    client.logParam(runId, "coeffs", "swish");
    // official README: swish MSE 0.0034459 on [-8, 12]
    client.logMetric(runId, "mse", 0.0034459);
    Path json = dir.resolve("coeffs-swish.json");
    CoefficientFiles.write(CoefficientSets.bundled("swish"), json);
    client.logArtifact(runId, json.toFile());
    client.setTerminated(runId, RunStatus.FINISHED);
    client.close();

    JsonNode run = MlflowRest.run(uri, runId);
    assertEquals("FINISHED", run.at("/info/status").asText());
    assertEquals("swish", MlflowRest.keyValues(run.at("/data/params")).get("coeffs"));
    assertEquals(0.0034459, run.at("/data/metrics/0/value").asDouble(), 0.0);
    assertEquals("mse", run.at("/data/metrics/0/key").asText());
    assertEquals(Map.of("coeffs-swish.json", Files.size(json)), MlflowRest.artifacts(uri, runId));
  }

  @Test
  void trackerUploadsParamsMetricsTagsAndArtifactFolder() throws Exception {
    requireServer();
    Path art = Files.createDirectories(dir.resolve("art"));
    Files.writeString(art.resolve("experiment.yaml"), "experiment:\n  name: it\n");
    Files.writeString(art.resolve("layers.csv"), "layer,neurons\nrelu1,16\n");
    String name = "fs-it-" + UUID.randomUUID();
    RunRecord rec =
        new RunRecord(
            "20250101T000000000Z-it",
            name,
            "it",
            1_700_000_000_000L,
            1_700_000_001_000L,
            Map.of("coeffs.name", "relu", "k", "10"),
            Map.of("max_abs_error", 0.0244140625, "neurons", 475136.0),
            Map.of("fs.status", "passed", "git.commit", "abc"),
            art);
    String runId;
    try (MlflowTracker t = new MlflowTracker(uri, Path.of("").toAbsolutePath().getParent())) {
      runId = t.upload(rec);
    }
    JsonNode run = MlflowRest.run(uri, runId);
    assertEquals("it", run.at("/info/run_name").asText());
    assertEquals(1_700_000_000_000L, run.at("/info/start_time").asLong());
    assertEquals(
        Map.of("coeffs.name", "relu", "k", "10"), MlflowRest.keyValues(run.at("/data/params")));
    Map<String, String> tags = MlflowRest.keyValues(run.at("/data/tags"));
    assertEquals("passed", tags.get("fs.status"));
    assertEquals("abc", tags.get("git.commit"));
    Map<String, String> metrics = MlflowRest.keyValues(run.at("/data/metrics"));
    assertEquals(0.0244140625, Double.parseDouble(metrics.get("max_abs_error")), 0.0);
    assertEquals(475136.0, Double.parseDouble(metrics.get("neurons")), 0.0);
    assertEquals(
        List.of("experiment.yaml", "layers.csv"),
        MlflowRest.artifacts(uri, runId).keySet().stream().sorted().toList());
  }
}
