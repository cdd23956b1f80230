package org.fsneurons.experiments.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.fsneurons.tracking.Connection;
import org.fsneurons.tracking.Spool;
import org.fsneurons.tracking.TrackingException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./fs sync}: uploads the runs kept in results/spool/ to MLflow. */
@Command(
    name = "sync",
    mixinStandardHelpOptions = true,
    description = {
      "Upload the runs that './fs run' kept in results/spool/ because the MLflow server was unreachable.",
      "Each uploaded run is removed from the spool. A run already in MLflow (tag fs.local_id) is finished, never"
          + " created twice; concurrent syncs of one results folder take turns (a lock in the spool folder).",
      "A spool file that is not a readable run is named on stderr and left there; the other runs are uploaded.",
      "Prints 'synced: N remaining: M'; exit status 1 if runs remain, 2 if a spool file is unreadable."
    })
public final class SyncCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--tracking-uri",
      paramLabel = "URI",
      description =
          "MLflow server (default: $MLFLOW_TRACKING_URI, else a local server over results/mlflow/).")
  String trackingUri;

  @Option(
      names = "--tracking-timeout",
      paramLabel = "SECONDS",
      description =
          "Seconds each call to the MLflow server may take, an artifact upload 4x that"
              + " (default: $FS_TRACKING_TIMEOUT, else 30).")
  String trackingTimeout;

  @Option(
      names = "--results",
      paramLabel = "DIR",
      description = "Results folder (default: $FS_HOME/results).")
  Path results;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Workspace ws = Workspace.of(spec);
    Map<String, String> env = ws.variables();
    // malformed flags are reported before anything is read or written
    Connection.uri(trackingUri, env);
    Connection.timeout(trackingTimeout, env);
    Path home = ws.home();
    Path dir = ws.results(results);
    Spool spool = new Spool(dir.resolve("spool"));
    // a file that is not a readable entry is reported and left; the others are uploaded
    Spool.Listing listing = spool.list();
    listing.unreadable().forEach(m -> err.println("fs sync: " + m));
    int unreadable = listing.unreadable().size();
    List<Spool.Entry> entries = listing.entries();
    if (entries.isEmpty()) {
      out.println(
          unreadable == 0
              ? "synced: 0 remaining: 0 (" + spool.dir() + " is empty)"
              : "synced: 0 remaining: " + unreadable);
      return unreadable == 0 ? 0 : 2;
    }
    try (Connection conn = Connection.open(trackingUri, trackingTimeout, env, home, dir, err)) {
      Spool.SyncResult r = spool.sync(entries, conn.tracker(), err);
      String others =
          r.byOthers() > 0 ? "; " + r.byOthers() + " taken by another fs sync or run" : "";
      out.println(
          "synced: "
              + r.uploaded()
              + " remaining: "
              + (r.failed() + unreadable)
              + " (MLflow at "
              + conn.uri()
              + others
              + ")");
      return unreadable > 0 ? 2 : r.failed() == 0 ? 0 : 1;
    } catch (TrackingException e) {
      err.println("fs sync: " + e.getMessage() + "; nothing uploaded");
      out.println("synced: 0 remaining: " + listing.waiting());
      return 1;
    }
  }
}
