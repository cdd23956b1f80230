package org.fsneurons.fit;

/** A point in time after which long loops stop (or none). */
record Deadline(long nanos, boolean none) {
  static Deadline never() {
    return new Deadline(0, true);
  }

  static Deadline after(double seconds) {
    return new Deadline(System.nanoTime() + (long) (seconds * 1e9), false);
  }

  boolean passed() {
    return !none && System.nanoTime() - nanos > 0;
  }
}
