package org.fsneurons.spark;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.spark.ExecutorLostFailure;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * One line per finished partition (images done of the total, images per second since the job
 * started), the job's id when it starts, and a line for a partition lost with its executor (Spark
 * runs it again).
 */
final class SparkProgress extends SparkListener {
  private final List<ImageRanges.Range> ranges;
  private final int total;
  private final Consumer<String> out;
  private final Set<Integer> done = new HashSet<>();
  private final List<Integer> jobs = new ArrayList<>();
  private long images;
  private long t0 = System.nanoTime();

  SparkProgress(List<ImageRanges.Range> ranges, int total, Consumer<String> out) {
    this.ranges = ranges;
    this.total = total;
    this.out = out;
  }

  @Override
  public synchronized void onJobStart(SparkListenerJobStart e) {
    t0 = System.nanoTime();
    jobs.add(e.jobId());
    out.accept(
        "spark: job "
            + e.jobId()
            + " started: "
            + total
            + " images in "
            + ranges.size()
            + " partitions");
  }

  @Override
  public synchronized void onTaskEnd(SparkListenerTaskEnd e) {
    int index = e.taskInfo().index();
    if (index < 0 || index >= ranges.size()) {
      return;
    }
    ImageRanges.Range r = ranges.get(index);
    if (e.taskInfo().successful()) {
      if (done.add(index)) {
        images += r.size();
        double s = (System.nanoTime() - t0) / 1e9;
        out.accept(
            String.format(
                Locale.ROOT,
                "spark: partition %d %s done on executor %s: %d/%d images, %.1f images/s",
                index,
                r,
                e.taskInfo().executorId(),
                images,
                total,
                s > 0 ? images / s : 0));
        notifyAll();
      }
    } else {
      out.accept(
          "spark: partition "
              + index
              + " "
              + r
              + " failed on executor "
              + e.taskInfo().executorId()
              + " ("
              + e.reason().getClass().getSimpleName()
              + ")"
              + (e.reason() instanceof ExecutorLostFailure ? "; Spark runs it again" : ""));
    }
  }

  /**
   * Waits (at most {@code millis}) until every partition's end was seen: Spark delivers listener
   * events on its own thread, after {@code collect()} may already have returned, so the last lines
   * would otherwise be lost.
   */
  synchronized void awaitAll(long millis) throws InterruptedException {
    long end = System.nanoTime() + millis * 1_000_000;
    for (long left = millis;
        done.size() < ranges.size() && left > 0;
        left = (end - System.nanoTime()) / 1_000_000) {
      wait(left);
    }
  }

  synchronized List<Integer> jobs() {
    return List.copyOf(jobs);
  }
}
