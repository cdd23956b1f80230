package org.fsneurons.fit;

/**
 * Receives progress of a fit (called from worker threads, one call at a time, in increasing {@code
 * done} order).
 */
@FunctionalInterface
public interface FitListener {
  /** A listener that ignores progress. */
  FitListener NONE = p -> {};

  void onProgress(FitProgress progress);
}
