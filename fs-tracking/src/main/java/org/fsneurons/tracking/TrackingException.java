package org.fsneurons.tracking;

/**
 * The tracking server did not take a run (unreachable, no answer within the timeout, an error
 * answer, a failed artifact upload). {@code partialRunId} is the MLflow run that was created before
 * the failure (null if none), so that a later upload finishes that run instead of creating a second
 * one; {@code errorCode} is MLflow's error code when the server answered with an error (e.g. {@code
 * RESOURCE_DOES_NOT_EXIST}), else null.
 */
public final class TrackingException extends Exception {
  private static final long serialVersionUID = 1L;
  private final String partialRunId;
  private final String errorCode;

  public TrackingException(String message, Throwable cause, String partialRunId) {
    this(message, cause, partialRunId, null);
  }

  public TrackingException(String message, Throwable cause, String partialRunId, String errorCode) {
    super(message, cause);
    this.partialRunId = partialRunId;
    this.errorCode = errorCode;
  }

  public String partialRunId() {
    return partialRunId;
  }

  public String errorCode() {
    return errorCode;
  }

  /**
   * The same failure, now known to concern the MLflow run {@code runId} (kept if this one already
   * names a run).
   */
  TrackingException forRun(String runId) {
    return partialRunId != null || runId == null
        ? this
        : new TrackingException(getMessage(), getCause(), runId, errorCode);
  }
}
