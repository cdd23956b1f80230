package org.fsneurons.experiments.cli;

import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.fsneurons.models.progress.ProgressListener;

/**
 * Progress of a long loop on stderr, shown only once the loop has run for more than two seconds
 * (quick commands print nothing extra). On a terminal it is a progress bar; otherwise (a log file,
 * CI, a pipe) one plain line per further 10% done, so logs hold no carriage-return frames. Close it
 * when the loop ends.
 */
public final class Progress implements ProgressListener, AutoCloseable {
  private final String task;
  private final boolean terminal;
  private final PrintStream err;
  private final long start = System.nanoTime();
  private final long delayNanos;
  private ProgressBar bar;
  private long nextTenth = -1;

  public Progress(String task) {
    this(task, System.console() != null, System.err, 2_000_000_000L);
  }

  Progress(String task, boolean terminal, PrintStream err, long delayNanos) {
    this.task = task;
    this.delayNanos = delayNanos;
    this.terminal = terminal;
    this.err = err;
  }

  @Override
  public void progress(long done, long total) {
    if (bar == null && nextTenth < 0 && (System.nanoTime() - start < delayNanos || done >= total)) {
      return;
    }
    if (!terminal) {
      long tenth = total <= 0 ? 10 : 10 * done / total;
      if (nextTenth < 0 || tenth >= nextTenth) {
        double seconds = (System.nanoTime() - start) / 1e9;
        String line = "%s: %d/%d (%d%%) after %.0f s%n";
        err.printf(Locale.ROOT, line, task, done, total, tenth * 10, seconds);
        nextTenth = tenth + 1;
      }
      return;
    }
    if (bar == null) {
      bar = bar(task, total, err);
    }
    bar.maxHint(total);
    bar.stepTo(done);
  }

  /** The terminal's progress bar of {@code task}, also used by fit's progress. */
  static ProgressBar bar(String task, long total, PrintStream err) {
    return new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(total)
        .setStyle(ProgressBarStyle.ASCII)
        .setConsumer(new ConsoleProgressBarConsumer(err))
        .setUpdateIntervalMillis(250)
        .continuousUpdate()
        .build();
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }
}
