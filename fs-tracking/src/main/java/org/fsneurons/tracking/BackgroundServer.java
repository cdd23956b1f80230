package org.fsneurons.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The MLflow server that {@code ./fs mlflow start} leaves running in the background over a store
 * folder (normally {@code results/mlflow/}), found again through the state file {@code server.json}
 * in that folder: its address, pid, port and start time. Tracked commands reuse it when it answers
 * {@code GET /health} within {@link #PROBE} ({@link Connection#open}); a state file whose process
 * is gone is deleted when read.
 */
public final class BackgroundServer {
  /**
   * How long a tracked command waits for the background server's health answer before starting its
   * own.
   */
  public static final Duration PROBE = Duration.ofSeconds(1);

  private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private BackgroundServer() {}

  /** A background server as its state file records it. */
  public record State(String uri, long pid, int port, String store, String startedAt) {}

  /** The state file of a store folder: {@code server.json}. */
  public static Path stateFile(Path store) {
    return store.resolve("server.json");
  }

  /**
   * The background server of {@code store} when it answers {@code GET /health} within {@code
   * probe}. A state file whose process no longer runs (or runs something else than MLflow) is
   * deleted; one that cannot be read as well.
   */
  public static Optional<State> alive(Path store, Duration probe) {
    Optional<State> s = read(store);
    if (s.isEmpty()) {
      return Optional.empty();
    }
    HttpClient http = HttpClient.newBuilder().connectTimeout(probe).build();
    if (MlflowTracker.health(http, s.get().uri(), probe) && running(s.get().pid())) {
      return s;
    }
    if (!running(s.get().pid())) {
      deleteState(store);
    }
    return Optional.empty();
  }

  /** The recorded state, if the file exists and reads; an unreadable one is deleted. */
  static Optional<State> read(Path store) {
    Path f = stateFile(store);
    if (!Files.isRegularFile(f)) {
      return Optional.empty();
    }
    try {
      JsonNode n = JSON.readTree(f.toFile());
      String uri = n.path("uri").asText("");
      long pid = n.path("pid").asLong(-1);
      if (uri.isEmpty() || pid <= 0) {
        throw new IOException("no uri or pid");
      }
      return Optional.of(
          new State(
              uri,
              pid,
              n.path("port").asInt(),
              n.path("store").asText(""),
              n.path("started_at").asText("")));
    } catch (IOException e) {
      deleteState(store);
      return Optional.empty();
    }
  }

  /** Whether {@code pid} is a live process running MLflow (not a recycled pid). */
  static boolean running(long pid) {
    Optional<ProcessHandle> h = ProcessHandle.of(pid);
    if (h.isEmpty() || !h.get().isAlive()) {
      return false;
    }
    String cmd = h.get().info().commandLine().orElse(h.get().info().command().orElse(""));
    return cmd.isEmpty() || cmd.contains("mlflow");
  }

  /** The result of {@link #start}: the server and whether this call started it. */
  public record Started(State state, boolean started) {}

  /**
   * Starts an MLflow server over {@code store} on 127.0.0.1:{@code port} (0: a free port) detached
   * from this JVM (its own session, output appended to {@code store/server.log}), waits until it
   * answers, and writes the state file. When a background server of this store already answers,
   * returns it instead.
   */
  public static Started start(Path fsHome, Path store, int port, PrintWriter err)
      throws TrackingException {
    Optional<State> running = alive(store, PROBE);
    if (running.isPresent()) {
      return new Started(running.get(), false);
    }
    Path mlflow = PythonEnv.mlflow(fsHome, err);
    int p = port > 0 ? port : LocalServer.freePort();
    Path log = store.resolve("server.log");
    List<String> cmd = new ArrayList<>();
    Path setsid = Path.of("/usr/bin/setsid");
    if (Files.isExecutable(setsid)) {
      cmd.add(
          setsid.toString()); // its own session: a Ctrl-C in the terminal that started it does not
      // reach it
    }
    cmd.addAll(LocalServer.command(mlflow, store, "127.0.0.1", p));
    Process proc;
    try {
      Files.createDirectories(store.resolve("artifacts"));
      proc =
          new ProcessBuilder(cmd)
              .directory(fsHome.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
    } catch (IOException e) {
      throw new TrackingException(
          "cannot start MLflow server " + mlflow + ": " + e.getMessage(), e, null);
    }
    State s =
        new State(
            "http://127.0.0.1:" + p,
            proc.pid(),
            p,
            store.toAbsolutePath().normalize().toString(),
            Instant.now().toString());
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!MlflowTracker.health(http, s.uri(), Duration.ofSeconds(2))) {
      String why =
          !proc.isAlive()
              ? "exited with status " + proc.exitValue() + " before it was ready"
              : System.nanoTime() > deadline
                  ? "not ready after " + START_TIMEOUT.toSeconds() + " s"
                  : null;
      if (why != null) {
        LocalServer.stopTree(proc);
        throw new TrackingException("MLflow server " + why + "; see " + log, null, null);
      }
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        LocalServer.stopTree(proc);
        throw new TrackingException("interrupted while waiting for the MLflow server", e, null);
      }
    }
    write(store, s);
    return new Started(s, true);
  }

  /**
   * Stops the background server of {@code store} and every process it started (gunicorn master and
   * workers), forcibly after 10 s, and deletes the state file. Returns the state that was stopped,
   * empty when none ran.
   */
  public static Optional<State> stop(Path store) {
    Optional<State> s = read(store);
    if (s.isEmpty()) {
      return Optional.empty();
    }
    Optional<State> stopped = Optional.empty();
    if (running(s.get().pid())) {
      ProcessHandle h = ProcessHandle.of(s.get().pid()).orElseThrow();
      List<ProcessHandle> tree = new ArrayList<>(h.descendants().toList());
      h.destroy();
      tree.forEach(ProcessHandle::destroy);
      List<ProcessHandle> all = new ArrayList<>(tree);
      all.add(h);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      for (ProcessHandle x : all) {
        try {
          long left = deadline - System.nanoTime();
          if (left > 0) {
            x.onExit().get(left, TimeUnit.NANOSECONDS);
          }
        } catch (Exception e) {
          // forcibly below
        }
      }
      all.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
      stopped = s;
    }
    deleteState(store);
    return stopped;
  }

  private static void write(Path store, State s) throws TrackingException {
    Path f = stateFile(store);
    Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
    try {
      var n =
          MlflowApi.object()
              .put("uri", s.uri())
              .put("pid", s.pid())
              .put("port", s.port())
              .put("store", s.store())
              .put("started_at", s.startedAt());
      JSON.writeValue(tmp.toFile(), n);
      Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new TrackingException("cannot write " + f + ": " + e.getMessage(), e, null);
    }
  }

  private static void deleteState(Path store) {
    try {
      Files.deleteIfExists(stateFile(store));
    } catch (IOException e) {
      // left for the next reader
    }
  }
}
