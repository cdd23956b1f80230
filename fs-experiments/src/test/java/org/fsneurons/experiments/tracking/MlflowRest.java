package org.fsneurons.experiments.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

/** Reads runs back through MLflow's REST API with java.net.http (independent of the MLflow Java client). */
final class MlflowRest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private MlflowRest() {}

  static JsonNode get(String uri, String path) throws IOException, InterruptedException {
    HttpResponse<String> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(uri.replaceAll("/+$", "") + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), path + ": " + r.body());
    return JSON.readTree(r.body());
  }

  /** {@code GET /api/2.0/mlflow/runs/get}: the run object. */
  static JsonNode run(String uri, String runId) throws IOException, InterruptedException {
    return get(uri, "/api/2.0/mlflow/runs/get?run_id=" + runId).get("run");
  }

  /** A params/metrics/tags list as key to value text. */
  static Map<String, String> keyValues(JsonNode list) {
    Map<String, String> m = new HashMap<>();
    list.forEach(n -> m.put(n.get("key").asText(), n.get("value").asText()));
    return m;
  }

  /** {@code GET /api/2.0/mlflow/artifacts/list}: root entries, path to size (0 for folders). */
  static Map<String, Long> artifacts(String uri, String runId) throws IOException, InterruptedException {
    Map<String, Long> files = new HashMap<>();
    get(uri, "/api/2.0/mlflow/artifacts/list?run_id=" + runId).path("files")
        .forEach(f -> files.put(f.get("path").asText(), f.path("file_size").asLong()));
    return files;
  }
}
