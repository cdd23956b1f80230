package org.fsneurons.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * MLflow's REST API ({@code /api/2.0/mlflow/...}) over {@code java.net.http}, every call bounded by
 * one timeout that covers connecting, sending and the whole answer. The MLflow Java client is not
 * used: it has no read timeout, so a server that accepts connections and never answers would block
 * a run forever. No retries: a call that fails or times out is reported once, as a {@link
 * TrackingException} that names the server, the call and what happened.
 */
public final class MlflowApi {
  static final ObjectMapper JSON = new ObjectMapper();

  private final String uri;
  private final Duration timeout;
  private final HttpClient http;

  /**
   * A client for the server at {@code uri} (already checked with {@link MlflowTracker#checkUri}).
   */
  public MlflowApi(String uri, Duration timeout) {
    this.uri = uri;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  public String uri() {
    return uri;
  }

  public Duration timeout() {
    return timeout;
  }

  /** A fresh JSON object for a request body. */
  public static ObjectNode object() {
    return JSON.createObjectNode();
  }

  /** {@code GET /api/2.0/mlflow/<path>?<query>}: the answer's JSON. */
  public JsonNode get(String path, Map<String, String> query) throws TrackingException {
    String q =
        query.entrySet().stream()
            .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
            .collect(Collectors.joining("&"));
    HttpRequest req = request(path + (q.isEmpty() ? "" : "?" + q)).GET().build();
    return call(req, "GET " + path);
  }

  /** {@code POST /api/2.0/mlflow/<path>} with a JSON body: the answer's JSON. */
  public JsonNode post(String path, JsonNode body) throws TrackingException {
    byte[] bytes;
    try {
      bytes = JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialize a request body", e);
    }
    HttpRequest req =
        request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
            .build();
    return call(req, "POST " + path);
  }

  /**
   * {@code PUT /api/2.0/mlflow-artifacts/artifacts/<path>} with a file's bytes: an upload to a
   * server that proxies artifact storage ({@code mlflow-artifacts:} artifact URIs). Each path
   * segment is URL-encoded.
   */
  public void putArtifact(String path, Path file) throws TrackingException {
    String enc =
        Arrays.stream(path.split("/"))
            .filter(x -> !x.isEmpty())
            .map(MlflowApi::enc)
            .map(x -> x.replace("+", "%20"))
            .collect(Collectors.joining("/"));
    HttpRequest req;
    try {
      req =
          HttpRequest.newBuilder(URI.create(uri + "/api/2.0/mlflow-artifacts/artifacts/" + enc))
              .timeout(timeout)
              .header("Content-Type", "application/octet-stream")
              .PUT(HttpRequest.BodyPublishers.ofFile(file))
              .build();
    } catch (FileNotFoundException e) {
      throw new TrackingException("artifact " + file + " is missing", e, null);
    }
    call(req, "PUT mlflow-artifacts/artifacts/" + path);
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(uri + "/api/2.0/mlflow/" + path)).timeout(timeout);
  }

  private JsonNode call(HttpRequest req, String what) throws TrackingException {
    String where = "MLflow server at " + uri + ": " + what;
    CompletableFuture<HttpResponse<String>> f =
        http.sendAsync(req, HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> r;
    try {
      // the request timeout ends a call without an answer; this bound also covers an answer that
      // never ends
      r = f.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new TrackingException(where + ": no answer within " + seconds(timeout), null, null);
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      throw new TrackingException(where + ": interrupted", e, null);
    } catch (ExecutionException e) {
      throw new TrackingException(
          where + ": " + failure(e.getCause(), timeout), e.getCause(), null);
    }
    if (r.statusCode() != 200) {
      String code = null;
      String message = r.body() == null ? "" : r.body().strip();
      try {
        JsonNode err = JSON.readTree(message);
        if (err != null && err.isObject()) {
          code = err.path("error_code").asText(null);
          message = err.path("message").asText(message);
        }
      } catch (IOException e) {
        // not JSON: keep the text
      }
      String first = message.lines().findFirst().orElse("");
      throw new TrackingException(
          where
              + ": HTTP "
              + r.statusCode()
              + (code != null ? " " + code : "")
              + (first.isEmpty() ? "" : ": " + cut(first, 300)),
          null,
          null,
          code);
    }
    try {
      JsonNode n = JSON.readTree(r.body());
      return n == null ? object() : n;
    } catch (IOException e) {
      throw new TrackingException(
          where + ": the answer is not JSON (" + cut(r.body().strip(), 100) + ")", e, null);
    }
  }

  /** Whether {@code GET /health} answers 200 within {@code timeout}. */
  public boolean healthy(Duration timeout) {
    return MlflowTracker.health(http, uri, timeout);
  }

  static String failure(Throwable cause, Duration timeout) {
    if (cause instanceof HttpConnectTimeoutException) {
      return "cannot connect within " + seconds(timeout);
    }
    if (cause instanceof HttpTimeoutException) {
      return "no answer within " + seconds(timeout);
    }
    if (cause instanceof ConnectException) {
      return "connection refused";
    }
    return MlflowTracker.firstLine(cause);
  }

  static String seconds(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String cut(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 3) + "...";
  }
}
