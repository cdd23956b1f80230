package org.fsneurons.experiments.tracking;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A connection to an MLflow tracking server chosen as the CLI documents: {@code --tracking-uri}, else
 * {@code MLFLOW_TRACKING_URI}, else a local server started on a free loopback port over the store folder
 * {@code mlflow/} of the results folder and stopped by {@link #close()}.
 */
public final class Connection implements AutoCloseable {
  private final MlflowTracker tracker;
  private final LocalServer server;

  private Connection(MlflowTracker tracker, LocalServer server) {
    this.tracker = tracker;
    this.server = server;
  }

  /** The local MLflow store of a results folder: its {@code mlflow/}. */
  public static Path store(Path resultsDir) {
    return resultsDir.resolve("mlflow");
  }

  /**
   * Opens a connection (a local server runs over {@link #store} of {@code resultsDir}); TrackingException if the
   * server cannot be reached or started, UserInputException for a malformed URI.
   */
  public static Connection open(String flagUri, Map<String, String> env, Path fsHome, Path resultsDir,
      PrintWriter err) throws TrackingException {
    String uri = flagUri != null && !flagUri.isBlank() ? flagUri : env.get("MLFLOW_TRACKING_URI");
    if (uri != null && !uri.isBlank()) {
      MlflowTracker t = new MlflowTracker(uri, fsHome);
      if (!t.reachable(Duration.ofSeconds(10))) {
        t.close();
        throw new TrackingException("MLflow server at " + t.uri() + " is not reachable (GET /health failed)", null,
            null);
      }
      return new Connection(t, null);
    }
    Path store = store(resultsDir);
    LocalServer s = LocalServer.start(fsHome, store, 0, err);
    err.println("fs: started a local MLflow server at " + s.uri() + " (store " + store + ")");
    err.flush();
    return new Connection(new MlflowTracker(s.uri(), fsHome), s);
  }

  public MlflowTracker tracker() {
    return tracker;
  }

  public String uri() {
    return tracker.uri();
  }

  @Override
  public void close() {
    tracker.close();
    if (server != null) {
      server.close();
    }
  }
}
