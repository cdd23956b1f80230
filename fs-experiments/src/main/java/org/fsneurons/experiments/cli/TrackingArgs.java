package org.fsneurons.experiments.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import org.fsneurons.tracking.Connection;
import org.fsneurons.tracking.Spool;
import org.fsneurons.tracking.Tracking;
import org.fsneurons.tracking.TrackingException;
import picocli.CommandLine.Option;

/**
 * The MLflow options of the commands that log runs ({@code ./fs run}, {@code ./fs sweep}), and what
 * they open.
 */
final class TrackingArgs {
  @Option(
      names = "--tracking-uri",
      paramLabel = "URI",
      description =
          "MLflow server, e.g. http://127.0.0.1:5000 (default: $MLFLOW_TRACKING_URI, else the server of"
              + " './fs mlflow start', else a local server started for this command).")
  String trackingUri;

  @Option(
      names = "--tracking-timeout",
      paramLabel = "SECONDS",
      description =
          "Seconds each call to the MLflow server may take, an artifact upload 4x that; after a timeout"
              + " this and the remaining runs go to results/spool/ (default: $FS_TRACKING_TIMEOUT, else 30).")
  String trackingTimeout;

  @Option(names = "--no-tracking", description = "Do not log to MLflow (results/ only).")
  boolean noTracking;

  /** Tracking as the options say, and the connection to close when done (null without a server). */
  record Opened(Tracking tracking, Connection connection, Spool spool) implements AutoCloseable {
    /** Where runs go, for the command's first line. */
    String where(String mlflowExperiment) {
      return connection != null
          ? "; MLflow experiment '" + mlflowExperiment + "' at " + connection.uri()
          : "";
    }

    /** Says how many runs wait in the spool, if any. */
    void reportSpooled(String command, PrintWriter err) {
      int spooled = tracking.spooled();
      if (spooled > 0) {
        String where = " run(s) waiting in " + spool.dir() + "; upload them with './fs sync'";
        err.println(command + ": " + spooled + where);
      }
    }

    @Override
    public void close() {
      if (connection != null) {
        connection.close();
      }
    }
  }

  /**
   * Connects (reusing {@code ./fs mlflow start}'s server, else starting one); a server that cannot
   * be reached sends every run to the spool of {@code resultsDir} with one line saying so.
   */
  Opened open(
      String command, Path home, Path resultsDir, Map<String, String> env, PrintWriter err) {
    Spool spool = new Spool(resultsDir.resolve("spool"));
    if (noTracking) {
      return new Opened(Tracking.disabled(), null, spool);
    }
    try {
      Connection conn = Connection.open(trackingUri, trackingTimeout, env, home, resultsDir, err);
      return new Opened(Tracking.to(conn.tracker(), spool, err), conn, spool);
    } catch (TrackingException e) {
      String where = "); runs go to " + spool.dir() + " for './fs sync'";
      err.println(command + ": no tracking server (" + e.getMessage() + where);
      return new Opened(Tracking.spoolOnly(spool, e.getMessage(), err), null, spool);
    }
  }
}
