package org.fsneurons.tracking;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Where finished experiments go after the results tables: an MLflow server (falling back to the
 * spool when it fails), the spool alone (server unavailable from the start), or nowhere ({@code
 * --no-tracking}). Every server call is bounded by the tracker's timeout; after the first failed
 * upload (an error or a timeout) the rest of the run goes to the spool directly, so a dead or
 * silent server costs one timeout, not one each.
 */
public final class Tracking {
  private final MlflowTracker tracker;
  private final Spool spool;
  private final PrintWriter err;
  private volatile String downReason;

  /** The upload now running (null between uploads), so that {@link #abandonUpload} can end it. */
  private volatile CompletableFuture<String> inFlight;

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
    return spool == null ? 0 : spool.list().waiting(); // an unreadable file is sync's to report
  }

  /**
   * Records one run; returns a short note for the progress line ("mlflow run ID", "spooled", ...).
   * With a server, the run is written to the spool first (under the spool's lock, so that a
   * concurrent {@code ./fs sync} does not take it), its MLflow run id is added to that entry as
   * soon as the run exists, and the entry is removed once the run is FINISHED: a run interrupted at
   * any point stays in the spool and is finished, not duplicated, by a sync.
   */
  public String record(RunRecord r) {
    if (spool == null) {
      return "not tracked";
    }
    if (tracker == null || downReason != null) {
      spool.save(r, null, downReason);
      return "spooled";
    }
    try (SpoolLock lock = spool.lock(err)) {
      Path json = spool.save(r, null, "upload to " + tracker.uri() + " did not finish");
      try {
        String id = upload(r, json);
        Spool.Entry done = new Spool.Entry(json, r, id, null, null);
        spool.remove(done);
        return "mlflow run " + id;
      } catch (TrackingException e) {
        downReason = e.getMessage();
        err.println(
            "fs run: tracking failed ("
                + e.getMessage()
                + "); this and the remaining runs go to "
                + spool.dir()
                + " (upload later with ./fs sync)");
        err.flush();
        synchronized (this) { // the upload thread may still record the run id
          spool.update(json, e.partialRunId(), e.getMessage());
        }
        return "spooled";
      }
    }
  }

  /**
   * Uploads on a daemon thread and waits for it, so that {@link #abandonUpload} (Ctrl-C) can stop
   * the wait at once without interrupting the caller (whose file writes an interrupt would break).
   * An abandoned upload goes on until its own timeout or the JVM's exit; the spool entry, which
   * gets the MLflow run id as soon as the run exists, lets {@code ./fs sync} finish it.
   */
  private String upload(RunRecord r, Path json) throws TrackingException {
    CompletableFuture<String> f = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              try {
                f.complete(
                    tracker.upload(
                        r,
                        null,
                        runId -> {
                          synchronized (this) {
                            spool.update(json, runId, null);
                          }
                        }));
              } catch (Throwable e) {
                f.completeExceptionally(e);
              }
            },
            "fs-upload-" + r.localId());
    t.setDaemon(true);
    inFlight = f;
    try {
      t.start();
      return f.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof TrackingException te) {
        throw te;
      }
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw e;
    } finally {
      inFlight = null;
    }
  }

  /**
   * Stops waiting for the upload now running, if any (Ctrl-C while a server hangs): that run stays
   * in the spool and every later one goes there directly. Returns whether an upload was running.
   */
  public boolean abandonUpload(String why) {
    CompletableFuture<String> f = inFlight;
    if (f == null) {
      return false;
    }
    downReason = why;
    return f.completeExceptionally(new TrackingException(why, null, null));
  }
}
