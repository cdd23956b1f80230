package org.fsneurons.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./fs mlflow start/stop}: the background server, its state file, and its reuse by {@link
 * Connection}.
 */
class BackgroundServerTest {
  private static final Path HOME = Path.of("").toAbsolutePath().getParent();

  @TempDir Path dir;

  @Test
  void aStateFileWhoseProcessIsGoneIsDeleted() throws Exception {
    Path store = Files.createDirectories(dir.resolve("mlflow"));
    Process done = new ProcessBuilder("true").start();
    done.waitFor();
    Files.writeString(
        BackgroundServer.stateFile(store),
        "{\"uri\": \"http://127.0.0.1:"
            + LocalServer.freePort()
            + "\", \"pid\": "
            + done.pid()
            + ", \"port\": 1}");
    assertEquals(Optional.empty(), BackgroundServer.alive(store, Duration.ofMillis(200)));
    assertFalse(Files.exists(BackgroundServer.stateFile(store)));
    assertEquals(Optional.empty(), BackgroundServer.stop(store), "nothing left to stop");
  }

  @Test
  void anUnreadableStateFileIsDeleted() throws Exception {
    Path store = Files.createDirectories(dir.resolve("mlflow"));
    Files.writeString(BackgroundServer.stateFile(store), "{\"uri\": ");
    assertEquals(Optional.empty(), BackgroundServer.alive(store, Duration.ofMillis(200)));
    assertFalse(Files.exists(BackgroundServer.stateFile(store)));
  }

  @Test
  void aPidRunningSomethingElseIsStaleAndNeverStopped() throws Exception {
    Path store = Files.createDirectories(dir.resolve("mlflow"));
    // a recycled pid: alive, but "sleep 60" is no MLflow server
    Process other = new ProcessBuilder("sleep", "60").start();
    try {
      Files.writeString(
          BackgroundServer.stateFile(store),
          "{\"uri\": \"http://127.0.0.1:"
              + LocalServer.freePort()
              + "\", \"pid\": "
              + other.pid()
              + ", \"port\": 1}");
      assertEquals(Optional.empty(), BackgroundServer.alive(store, Duration.ofMillis(200)));
      assertFalse(
          Files.exists(BackgroundServer.stateFile(store)), "a pid running something else is stale");
      assertEquals(Optional.empty(), BackgroundServer.stop(store));
      assertTrue(other.isAlive(), "stop never signals a process that is not the server");
    } finally {
      other.destroyForcibly();
    }
  }

  @Test
  @Timeout(300)
  void startedServerIsReusedByConnectionsAndStopTakesItsWorkersWithIt() throws Exception {
    assumeTrue(
        Files.isExecutable(HOME.resolve(".venv/bin/mlflow")),
        "no .venv/bin/mlflow: run scripts/install-python-env.sh");
    Path results = dir.resolve("results");
    Path store = Connection.store(results);
    StringWriter err = new StringWriter();
    BackgroundServer.Started s = BackgroundServer.start(HOME, store, 0, new PrintWriter(err, true));
    List<ProcessHandle> tree = List.of();
    try {
      assertTrue(s.started());
      BackgroundServer.State st = s.state();
      assertEquals("http://127.0.0.1:" + st.port(), st.uri());
      assertTrue(
          Files.readString(BackgroundServer.stateFile(store)).contains("\"pid\" : " + st.pid()));
      ProcessHandle h = ProcessHandle.of(st.pid()).orElseThrow();
      tree = h.descendants().toList();
      assertFalse(tree.isEmpty(), "mlflow runs gunicorn as its child");

      BackgroundServer.Started again =
          BackgroundServer.start(HOME, store, 0, new PrintWriter(err, true));
      assertFalse(again.started());
      assertEquals(st, again.state());

      StringWriter connErr = new StringWriter();
      try (Connection c =
          Connection.open(null, Map.of(), HOME, results, new PrintWriter(connErr, true))) {
        assertEquals(st.uri(), c.uri());
        String id = c.tracker().experimentId("fs-bg-test");
        assertNotEquals("", id);
      }
      assertEquals(
          "fs: using the MLflow server at "
              + st.uri()
              + " (./fs mlflow start, pid "
              + st.pid()
              + ")\n",
          connErr.toString());
      assertTrue(h.isAlive(), "closing a connection leaves the background server running");

      assertEquals(Optional.of(st), BackgroundServer.stop(store));
      assertFalse(h.isAlive());
      tree.forEach(p -> assertFalse(p.isAlive(), "gunicorn process " + p.pid() + " stopped"));
      assertFalse(Files.exists(BackgroundServer.stateFile(store)));
      assertEquals(Optional.empty(), BackgroundServer.alive(store, Duration.ofMillis(200)));
    } finally {
      BackgroundServer.stop(store);
      tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
  }
}
