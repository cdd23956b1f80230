package org.fsneurons.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LocalServerTest {
  @Test
  void commandUsesTheStoreFolderForBackendAndArtifacts() {
    List<String> cmd =
        LocalServer.command(
            Path.of("/r/.venv/bin/mlflow"), Path.of("/r/results/mlflow"), "127.0.0.1", 5001);
    assertEquals(
        List.of(
            "/r/.venv/bin/mlflow",
            "server",
            "--host",
            "127.0.0.1",
            "--port",
            "5001",
            "--backend-store-uri",
            "sqlite:////r/results/mlflow/mlflow.db",
            "--default-artifact-root",
            "/r/results/mlflow/artifacts",
            "--workers",
            "1"),
        cmd);
  }

  @Test
  void stopTreeEndsTheProcessAndItsChildren() throws Exception {
    // like 'mlflow server', which runs gunicorn as a child that would otherwise outlive it
    Process p = new ProcessBuilder("bash", "-c", "sleep 300 & sleep 300 & wait").start();
    List<ProcessHandle> children = List.of();
    for (int i = 0; i < 100 && children.size() < 2; i++) {
      Thread.sleep(50);
      children = p.descendants().toList();
    }
    assertEquals(2, children.size());
    LocalServer.stopTree(p);
    assertTrue(p.waitFor(5, TimeUnit.SECONDS));
    for (ProcessHandle c : children) {
      c.onExit().get(5, TimeUnit.SECONDS);
      assertFalse(c.isAlive());
    }
  }

  @Test
  void freePortIsOnLoopbackAndClosed() {
    int port = LocalServer.freePort();
    assertTrue(port > 0 && port < 65536);
    assertFalse(
        MlflowTracker.health(
            HttpClient.newHttpClient(), "http://127.0.0.1:" + port, Duration.ofSeconds(2)));
  }
}
