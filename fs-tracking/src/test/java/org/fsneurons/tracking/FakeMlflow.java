package org.fsneurons.tracking;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An in-process HTTP server on 127.0.0.1 that plays a broken MLflow tracking server: {@code
 * /health} answers 200; each API path ({@code experiments/search}, {@code runs/create}, ...)
 * answers the JSON given in {@code answers}, and every other path accepts the request and never
 * answers (until {@link #close()}). Records the paths it was asked.
 */
final class FakeMlflow implements AutoCloseable {
  private final HttpServer server;
  private final CountDownLatch release = new CountDownLatch(1);
  private final Map<String, String> answers;
  final List<String> asked = new CopyOnWriteArrayList<>();

  FakeMlflow(Map<String, String> answers) throws IOException {
    this.answers = Map.copyOf(answers);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "fake-mlflow");
              t.setDaemon(true);
              return t;
            }));
    server.createContext("/", this::handle);
    server.start();
  }

  /** Answers /health only; every API call hangs. */
  static FakeMlflow silent() throws IOException {
    return new FakeMlflow(Map.of());
  }

  String uri() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    ex.getRequestBody().readAllBytes();
    if (path.equals("/health")) {
      send(ex, "OK");
      return;
    }
    String api = path.replaceFirst("^/api/2\\.0/mlflow/", "");
    asked.add(api);
    String answer = answers.get(api);
    if (answer != null) {
      send(ex, answer);
      return;
    }
    try {
      release.await(10, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    ex.close();
  }

  private static void send(HttpExchange ex, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(200, b.length);
    try (OutputStream o = ex.getResponseBody()) {
      o.write(b);
    }
  }

  @Override
  public void close() {
    release.countDown();
    server.stop(0);
  }
}
