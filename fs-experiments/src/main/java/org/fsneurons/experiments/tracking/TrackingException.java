package org.fsneurons.experiments.tracking;

/**
 * The tracking server did not take a run. {@code partialRunId} is the MLflow run that was created before the failure
 * (null if none), so that a later upload can delete the incomplete run.
 */
public final class TrackingException extends Exception {
  private static final long serialVersionUID = 1L;
  private final String partialRunId;

  public TrackingException(String message, Throwable cause, String partialRunId) {
    super(message, cause);
    this.partialRunId = partialRunId;
  }

  public String partialRunId() {
    return partialRunId;
  }
}
