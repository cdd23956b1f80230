package org.fsneurons.experiments.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.fsneurons.core.UserInputException;
import org.fsneurons.tracking.BackgroundServer;
import org.fsneurons.tracking.Connection;
import org.fsneurons.tracking.LocalServer;
import org.fsneurons.tracking.PythonEnv;
import org.fsneurons.tracking.TrackingException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./fs mlflow ui}: browse the local MLflow store; {@code ./fs mlflow start} / {@code stop}:
 * keep one server over it running in the background, which tracked commands reuse ({@link
 * BackgroundServer}). The subcommands are the methods below; picocli lists them by method name
 * (browse, start, stop), which keeps ui, start, stop in that order.
 */
@Command(
    name = "mlflow",
    mixinStandardHelpOptions = true,
    description = "The project's MLflow store (results/mlflow/).")
public final class MlflowCommand implements Runnable {
  private static final String RESULTS = "Results folder (default: $FS_HOME/results).";

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "ui",
      mixinStandardHelpOptions = true,
      description = {
        "Serve results/mlflow/ (the store './fs run' writes) with the MLflow UI, in the foreground; Ctrl-C stops it."
      })
  int browse(
      @Option(
              names = "--port",
              paramLabel = "P",
              defaultValue = "5000",
              description = "Port (default ${DEFAULT-VALUE}).")
          int port,
      @Option(
              names = "--host",
              paramLabel = "H",
              defaultValue = "127.0.0.1",
              description = "Interface to listen on (default ${DEFAULT-VALUE}; 0.0.0.0 for all).")
          String host,
      @Option(names = "--results", paramLabel = "DIR", description = RESULTS) Path results)
      throws IOException, InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter out = spec.commandLine().getOut();
    if (port < 1 || port > 65535) {
      throw new UserInputException("--port must be in 1..65535, found " + port);
    }
    checkFree(host, port);
    Workspace ws = Workspace.of(spec);
    Path home = ws.home();
    Path store = Connection.store(ws.results(results));
    Path mlflow;
    try {
      mlflow = PythonEnv.mlflow(home, err);
    } catch (TrackingException e) {
      err.println("fs mlflow ui: " + e.getMessage());
      return 1;
    }
    String shown = host.equals("0.0.0.0") ? "localhost" : host;
    String url = "MLflow UI: http://" + shown + ":" + port;
    Runnable started =
        () -> {
          out.println(url + "  (store " + store + "; Ctrl-C stops it)");
          out.flush();
        };
    return LocalServer.serve(mlflow, home, store, host, port, started) == 0 ? 0 : 1;
  }

  private static void checkFree(String host, int port) {
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName(host))) {
      s.getLocalPort();
    } catch (IOException e) {
      String at = host + ":" + port + " (" + e.getMessage() + ")";
      throw new UserInputException(
          "--port " + port + ": cannot listen on " + at + "; choose another port with --port");
    }
  }

  @Command(
      name = "start",
      mixinStandardHelpOptions = true,
      description = {
        "Start one MLflow server over results/mlflow/ in the background (it outlives this command; its address and"
            + " pid go to results/mlflow/server.json). './fs run', 'sync' and 'compare' use it instead of starting"
            + " their own. Prints its address when it is already running. './fs mlflow stop' stops it."
      })
  int start(
      @Option(
              names = "--port",
              paramLabel = "P",
              defaultValue = "0",
              description = "Port on 127.0.0.1 (default: a free one).")
          int port,
      @Option(names = "--results", paramLabel = "DIR", description = RESULTS) Path results) {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter out = spec.commandLine().getOut();
    if (port < 0 || port > 65535) {
      throw new UserInputException("--port: expected a port in 1..65535, found " + port);
    }
    Workspace ws = Workspace.of(spec);
    Path home = ws.home();
    Path store = Connection.store(ws.results(results));
    if (port > 0 && BackgroundServer.alive(store, BackgroundServer.PROBE).isEmpty()) {
      checkFree("127.0.0.1", port);
    }
    long t0 = System.nanoTime();
    BackgroundServer.Started s;
    try {
      s = BackgroundServer.start(home, store, port, err);
    } catch (TrackingException e) {
      err.println("fs mlflow start: " + e.getMessage());
      return 1;
    }
    BackgroundServer.State st = s.state();
    if (s.started()) {
      double seconds = Duration.ofNanos(System.nanoTime() - t0).toMillis() / 1000.0;
      out.println(String.format(Locale.ROOT, "status: started in %.1f s", seconds));
    } else {
      out.println("status: already running since " + st.startedAt());
      if (port > 0 && port != st.port()) {
        err.println(
            "fs mlflow start: the server already runs on port "
                + st.port()
                + ", not "
                + port
                + " ('./fs mlflow stop' first to move it)");
      }
    }
    out.println("uri: " + st.uri());
    out.println("pid: " + st.pid());
    out.println("store: " + store);
    out.println("state: " + BackgroundServer.stateFile(store));
    out.println("log: " + store.resolve("server.log"));
    out.flush();
    return 0;
  }

  @Command(
      name = "stop",
      mixinStandardHelpOptions = true,
      description =
          "Stop the background MLflow server of './fs mlflow start' and its gunicorn workers.")
  int stop(@Option(names = "--results", paramLabel = "DIR", description = RESULTS) Path results) {
    PrintWriter out = spec.commandLine().getOut();
    Path store = Connection.store(Workspace.of(spec).results(results));
    Optional<BackgroundServer.State> s = BackgroundServer.stop(store);
    out.println(
        s.isPresent()
            ? "status: stopped " + s.get().uri() + " (pid " + s.get().pid() + ")"
            : "status: no MLflow server was running over " + store);
    out.flush();
    return 0;
  }
}
