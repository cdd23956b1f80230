package org.fsneurons.models.progress;

/**
 * Receives progress of long loops (images done out of total); the CLI renders it as a progress bar.
 */
@FunctionalInterface
public interface ProgressListener {
  void progress(long done, long total);

  ProgressListener NONE = (d, t) -> {};
}
