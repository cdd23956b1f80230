package org.fsneurons.tracking;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.fsneurons.core.UserInputException;

/**
 * A connection to an MLflow tracking server chosen as the CLI documents: {@code --tracking-uri},
 * else {@code MLFLOW_TRACKING_URI}, else the background server of the store folder {@code mlflow/}
 * of the results folder ({@code ./fs mlflow start}, {@link BackgroundServer}) when it answers
 * within a second, else a local server started on a free loopback port over that folder and stopped
 * by {@link #close()}. Every call to the server is bounded by the timeout of {@link #timeout}; the
 * project's Python environment (artifact uploads) is installed on first use.
 */
public final class Connection implements AutoCloseable {
  /**
   * The environment variable for the tracker timeout in seconds (the flag {@code
   * --tracking-timeout} wins).
   */
  public static final String TIMEOUT_ENV = "FS_TRACKING_TIMEOUT";

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
   * {@link #open(String, String, Map, Path, Path, PrintWriter)} with the timeout from the
   * environment.
   */
  public static Connection open(
      String flagUri, Map<String, String> env, Path fsHome, Path resultsDir, PrintWriter err)
      throws TrackingException {
    return open(flagUri, null, env, fsHome, resultsDir, err);
  }

  /**
   * Opens a connection (a local server runs over {@link #store} of {@code resultsDir});
   * TrackingException if the server cannot be reached or started, UserInputException for a
   * malformed URI or timeout (checked first, before anything is started or written).
   */
  public static Connection open(
      String flagUri,
      String flagTimeout,
      Map<String, String> env,
      Path fsHome,
      Path resultsDir,
      PrintWriter err)
      throws TrackingException {
    String uri = uri(flagUri, env);
    Duration timeout = timeout(flagTimeout, env);
    if (uri != null) {
      MlflowTracker t = new MlflowTracker(uri, fsHome, timeout);
      if (!t.reachable(timeout)) {
        throw new TrackingException(
            "MLflow server at "
                + t.uri()
                + " is not reachable (GET /health failed within "
                + MlflowApi.seconds(timeout)
                + ")",
            null,
            null);
      }
      PythonEnv.ensurePython(fsHome, err);
      return new Connection(t, null);
    }
    Path store = store(resultsDir);
    Optional<BackgroundServer.State> bg = BackgroundServer.alive(store, BackgroundServer.PROBE);
    if (bg.isPresent()) {
      PythonEnv.ensurePython(fsHome, err);
      err.println(
          "fs: using the MLflow server at "
              + bg.get().uri()
              + " (./fs mlflow start, pid "
              + bg.get().pid()
              + ")");
      err.flush();
      return new Connection(new MlflowTracker(bg.get().uri(), fsHome, timeout), null);
    }
    LocalServer s = LocalServer.start(fsHome, store, 0, err);
    err.println(
        "fs: started a local MLflow server at "
            + s.uri()
            + " (store "
            + store
            + "; ./fs mlflow start keeps"
            + " one running for later commands)");
    err.flush();
    return new Connection(new MlflowTracker(s.uri(), fsHome, timeout), s);
  }

  /**
   * The tracking URI ({@code flagUri}, else MLFLOW_TRACKING_URI), checked; null when neither is set
   * (a local server).
   */
  public static String uri(String flagUri, Map<String, String> env) {
    if (flagUri != null && !flagUri.isBlank()) {
      return MlflowTracker.checkUri(flagUri, "--tracking-uri");
    }
    String e = env.get("MLFLOW_TRACKING_URI");
    return e != null && !e.isBlank() ? MlflowTracker.checkUri(e, "MLFLOW_TRACKING_URI") : null;
  }

  /**
   * The bound of each tracker call: {@code flag} ({@code --tracking-timeout SECONDS}), else
   * FS_TRACKING_TIMEOUT, else {@link MlflowTracker#DEFAULT_TIMEOUT}; seconds in (0, 3600], decimals
   * allowed.
   */
  public static Duration timeout(String flag, Map<String, String> env) {
    if (flag != null) {
      return seconds(flag, "--tracking-timeout");
    }
    String e = env.get(TIMEOUT_ENV);
    return e != null && !e.isBlank() ? seconds(e, TIMEOUT_ENV) : MlflowTracker.DEFAULT_TIMEOUT;
  }

  private static Duration seconds(String text, String where) {
    double s;
    try {
      s = Double.parseDouble(text.strip());
    } catch (NumberFormatException e) {
      s = Double.NaN;
    }
    if (!(s > 0 && s <= 3600)) {
      throw new UserInputException(
          where + ": expected a number of seconds in (0, 3600] (e.g. 30), found '" + text + "'");
    }
    return Duration.ofMillis(Math.max(1, Math.round(s * 1000)));
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
