package org.fsneurons.tracking;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A local MLflow tracking server from the project's virtual environment, with its SQLite backend
 * and artifact store under one folder (normally {@code results/mlflow/}: {@code mlflow.db}, {@code
 * artifacts/}, {@code server.log}). {@link #close()} stops it and every process it started; a
 * shutdown hook does the same on Ctrl-C.
 */
public final class LocalServer implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

  private final Process process;
  private final String uri;
  private final Thread hook;
  private volatile boolean closed;

  private LocalServer(Process process, String uri) {
    this.process = process;
    this.uri = uri;
    this.hook = new Thread(this::stop, "mlflow-server-stop");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** The server command line for a store folder and port. */
  public static List<String> command(Path mlflow, Path store, String host, int port) {
    Path abs = store.toAbsolutePath().normalize();
    List<String> cmd = new ArrayList<>();
    cmd.add(mlflow.toString());
    cmd.add("server");
    cmd.add("--host");
    cmd.add(host);
    cmd.add("--port");
    cmd.add(Integer.toString(port));
    cmd.add("--backend-store-uri");
    cmd.add("sqlite:///" + abs.resolve("mlflow.db"));
    cmd.add("--default-artifact-root");
    cmd.add(abs.resolve("artifacts").toString());
    cmd.add("--workers");
    cmd.add("1");
    return cmd;
  }

  /**
   * Runs a server in the foreground with this process's output, until it exits or this JVM stops
   * (which stops it and its workers); {@code started} runs once it was launched. Returns its exit
   * code.
   */
  public static int serve(
      Path mlflow, Path fsHome, Path store, String host, int port, Runnable started)
      throws IOException, InterruptedException {
    Files.createDirectories(store.resolve("artifacts"));
    Process p =
        new ProcessBuilder(command(mlflow, store, host, port))
            .directory(fsHome.toFile())
            .inheritIO()
            .start();
    Thread hook = new Thread(() -> stopTree(p), "mlflow-ui-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    started.run();
    int rc = p.waitFor();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // shutting down
    }
    return rc;
  }

  /**
   * Starts a server on 127.0.0.1 ({@code port} 0: a free port) with its output appended to {@code
   * store/server.log}, and waits until {@code /health} answers.
   */
  public static LocalServer start(Path fsHome, Path store, int port, PrintWriter err)
      throws TrackingException {
    Path mlflow = PythonEnv.mlflow(fsHome, err);
    int p = port > 0 ? port : freePort();
    Path log = store.resolve("server.log");
    Process proc;
    try {
      Files.createDirectories(store.resolve("artifacts"));
      proc =
          new ProcessBuilder(command(mlflow, store, "127.0.0.1", p))
              .directory(fsHome.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
    } catch (IOException e) {
      throw new TrackingException(
          "cannot start MLflow server " + mlflow + ": " + e.getMessage(), e, null);
    }
    LocalServer s = new LocalServer(proc, "http://127.0.0.1:" + p);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!MlflowTracker.health(http, s.uri, Duration.ofSeconds(2))) {
      if (!proc.isAlive()) {
        s.close();
        throw new TrackingException(
            "MLflow server exited with status "
                + proc.exitValue()
                + " before it was ready; "
                + "see "
                + log
                + ": "
                + lastLine(log),
            null,
            null);
      }
      if (System.nanoTime() > deadline) {
        s.close();
        throw new TrackingException(
            "MLflow server not ready after " + START_TIMEOUT.toSeconds() + " s; see " + log,
            null,
            null);
      }
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        s.close();
        throw new TrackingException("interrupted while waiting for the MLflow server", e, null);
      }
    }
    return s;
  }

  /** A free TCP port on the loopback interface. */
  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free port on the loopback interface", e);
    }
  }

  public String uri() {
    return uri;
  }

  /** Stops the server (idempotent; never throws). */
  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // already shutting down: the hook runs stop() too
    }
  }

  private synchronized void stop() {
    if (closed) {
      return;
    }
    closed = true;
    stopTree(process);
  }

  /**
   * Terminates a process and all its descendants (gunicorn master and workers), forcibly after 10
   * s.
   */
  public static void stopTree(Process process) {
    List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
    process.destroy();
    tree.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    try {
      process.waitFor(10, TimeUnit.SECONDS);
      for (ProcessHandle h : tree) {
        long left = deadline - System.nanoTime();
        if (left > 0) {
          h.onExit().get(left, TimeUnit.NANOSECONDS);
        }
      }
    } catch (Exception e) {
      // fall through to the forcible stop
    }
    if (process.isAlive()) {
      process.destroyForcibly();
    }
    tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  private static String lastLine(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      for (int i = lines.size() - 1; i >= 0; i--) {
        if (!lines.get(i).isBlank()) {
          return lines.get(i).strip();
        }
      }
    } catch (IOException e) {
      // nothing to add
    }
    return "(empty log)";
  }
}
