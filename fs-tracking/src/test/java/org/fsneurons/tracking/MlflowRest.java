package org.fsneurons.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads runs back through MLflow's REST API with java.net.http (independent of the MLflow Java
 * client).
 */
final class MlflowRest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private MlflowRest() {}

  static JsonNode get(String uri, String path) throws IOException, InterruptedException {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(uri.replaceAll("/+$", "") + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), path + ": " + r.body());
    return JSON.readTree(r.body());
  }

  /** {@code GET /api/2.0/mlflow/runs/get}: the run object. */
  static JsonNode run(String uri, String runId) throws IOException, InterruptedException {
    return get(uri, "/api/2.0/mlflow/runs/get?run_id=" + runId).get("run");
  }

  static JsonNode post(String uri, String path, String json)
      throws IOException, InterruptedException {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(uri.replaceAll("/+$", "") + path))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), path + ": " + r.body());
    return JSON.readTree(r.body());
  }

  /**
   * Every run of the MLflow experiment with this name ({@code runs/search}, active or deleted as
   * asked).
   */
  static List<JsonNode> runs(String uri, String experimentName, String viewType)
      throws IOException, InterruptedException {
    String id =
        get(uri, "/api/2.0/mlflow/experiments/get-by-name?experiment_name=" + experimentName)
            .at("/experiment/experiment_id")
            .asText();
    List<JsonNode> out = new ArrayList<>();
    post(
            uri,
            "/api/2.0/mlflow/runs/search",
            "{\"experiment_ids\":[\""
                + id
                + "\"],\"run_view_type\":\""
                + viewType
                + "\",\"max_results\":1000}")
        .path("runs")
        .forEach(out::add);
    return out;
  }

  /** The value of a run's tag, or null. */
  static String tag(JsonNode run, String key) {
    return keyValues(run.at("/data/tags")).get(key);
  }

  /** A params/metrics/tags list as key to value text. */
  static Map<String, String> keyValues(JsonNode list) {
    Map<String, String> m = new HashMap<>();
    list.forEach(n -> m.put(n.get("key").asText(), n.get("value").asText()));
    return m;
  }

  /** {@code GET /api/2.0/mlflow/artifacts/list}: root entries, path to size (0 for folders). */
  static Map<String, Long> artifacts(String uri, String runId)
      throws IOException, InterruptedException {
    Map<String, Long> files = new HashMap<>();
    get(uri, "/api/2.0/mlflow/artifacts/list?run_id=" + runId)
        .path("files")
        .forEach(f -> files.put(f.get("path").asText(), f.path("file_size").asLong()));
    return files;
  }
}
