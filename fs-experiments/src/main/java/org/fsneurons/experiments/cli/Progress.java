package org.fsneurons.experiments.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.fsneurons.models.eval.ProgressListener;

/**
 * A progress bar on stderr for long loops: it appears only once a loop has run for more than two seconds, so quick
 * commands print nothing extra. Close it when the loop ends.
 */
public final class Progress implements ProgressListener, AutoCloseable {
  private final String task;
  private final long start = System.nanoTime();
  private ProgressBar bar;

  public Progress(String task) {
    this.task = task;
  }

  @Override
  public void progress(long done, long total) {
    if (bar == null) {
      if (System.nanoTime() - start < 2_000_000_000L || done >= total) {
        return;
      }
      bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
          .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err)).setUpdateIntervalMillis(250)
          .continuousUpdate().build();
    }
    bar.maxHint(total);
    bar.stepTo(done);
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }
}
