package org.fsneurons.experiments.tracking;

import java.io.PrintWriter;

/**
 * Where finished experiments go after the results tables: an MLflow server (falling back to the spool when it
 * fails), the spool alone (server unavailable from the start), or nowhere ({@code --no-tracking}). After the first
 * failed upload the rest of the run goes to the spool directly, so a dead server costs one timeout, not one each.
 */
public final class Tracking {
  private final MlflowTracker tracker;
  private final Spool spool;
  private final PrintWriter err;
  private String downReason;

  private Tracking(MlflowTracker tracker, Spool spool, String downReason, PrintWriter err) {
    this.tracker = tracker;
    this.spool = spool;
    this.downReason = downReason;
    this.err = err;
  }

  /** Upload to {@code tracker}; spool what fails. */
  public static Tracking to(MlflowTracker tracker, Spool spool, PrintWriter err) {
    return new Tracking(tracker, spool, null, err);
  }

  /** Spool everything (the server could not be reached or started; {@code why} says so). */
  public static Tracking spoolOnly(Spool spool, String why, PrintWriter err) {
    return new Tracking(null, spool, why, err);
  }

  /** Track nothing. */
  public static Tracking disabled() {
    return new Tracking(null, null, null, null);
  }

  public boolean enabled() {
    return spool != null;
  }

  /** Number of runs now in the spool (0 when disabled). */
  public int spooled() {
    return spool == null ? 0 : spool.entries().size();
  }

  /** Records one run; returns a short note for the progress line ("mlflow run ID", "spooled", ...). */
  public String record(RunRecord r) {
    if (spool == null) {
      return "not tracked";
    }
    if (tracker != null && downReason == null) {
      try {
        String id = tracker.upload(r);
        return "mlflow run " + id;
      } catch (TrackingException e) {
        downReason = e.getMessage();
        err.println("fs run: tracking failed (" + e.getMessage() + "); this and the remaining runs go to "
            + spool.dir() + " (upload later with ./fs sync)");
        err.flush();
        spool.save(r, e.partialRunId(), e.getMessage());
        return "spooled";
      }
    }
    spool.save(r, null, downReason);
    return "spooled";
  }
}
