package org.fsneurons.experiments.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.fsneurons.core.UserInputException;
import org.fsneurons.tracking.Connection;
import org.fsneurons.tracking.LocalServer;
import org.fsneurons.tracking.PythonEnv;
import org.fsneurons.tracking.TrackingException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./fs mlflow ui}: browse the local MLflow store. */
@Command(
    name = "mlflow",
    mixinStandardHelpOptions = true,
    description = "The project's MLflow store (results/mlflow/).",
    subcommands = {MlflowCommand.Ui.class})
public final class MlflowCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code ./fs mlflow ui [--port P]}. */
  @Command(
      name = "ui",
      mixinStandardHelpOptions = true,
      description = {
        "Serve results/mlflow/ (the store './fs run' writes) with the MLflow UI, in the foreground; Ctrl-C stops it."
      })
  public static final class Ui implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--port", paramLabel = "P", defaultValue = "5000", description = "Port (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", paramLabel = "H", defaultValue = "127.0.0.1",
        description = "Interface to listen on (default ${DEFAULT-VALUE}; 0.0.0.0 for all).")
    String host;

    @Option(names = "--results", paramLabel = "DIR", description = "Results folder (default: $FS_HOME/results).")
    Path results;

    @Override
    public Integer call() throws Exception {
      PrintWriter err = spec.commandLine().getErr();
      PrintWriter out = spec.commandLine().getOut();
      if (port < 1 || port > 65535) {
        throw new UserInputException("--port must be in 1..65535, found " + port);
      }
      checkFree(host, port);
      Path home = PythonEnv.fsHome();
      Path store = Connection.store(PythonEnv.resultsDir(results));
      Path mlflow;
      try {
        mlflow = PythonEnv.mlflow(home, err);
      } catch (TrackingException e) {
        err.println("fs mlflow ui: " + e.getMessage());
        return 1;
      }
      Files.createDirectories(store.resolve("artifacts"));
      Process p = new ProcessBuilder(LocalServer.command(mlflow, store, host, port)).directory(home.toFile())
          .inheritIO().start();
      Thread hook = new Thread(() -> LocalServer.stopTree(p), "mlflow-ui-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      String shown = host.equals("0.0.0.0") ? "localhost" : host;
      out.println("MLflow UI: http://" + shown + ":" + port + "  (store " + store + "; Ctrl-C stops it)");
      out.flush();
      int rc = p.waitFor();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // shutting down
      }
      return rc == 0 ? 0 : 1;
    }

    private static void checkFree(String host, int port) {
      try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName(host))) {
        s.getLocalPort();
      } catch (IOException e) {
        throw new UserInputException("--port " + port + ": cannot listen on " + host + ":" + port + " ("
            + e.getMessage() + "); choose another port with --port");
      }
    }
  }
}
