package org.fsneurons.fit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.fsneurons.core.approx.ApproxStats;

/** The {@code key: value} report of a finished fit, as {@code ./fs fit} prints it. */
public final class FitReport {
  private FitReport() {}

  /**
   * name, target, k, weighting, quantization, points, mse, max_abs_error, mean_spikes, loss, seed,
   * restarts, time_limit_hit, seconds, out ({@code written}), and a note when the mse is not
   * finite.
   */
  public static List<String> lines(FitRequest req, FitResult r, Path written) {
    ApproxStats st = r.stats();
    Quantization q = req.quantization();
    List<String> l = new ArrayList<>();
    l.add("name: " + r.set().name());
    l.add("target: " + req.target().describe());
    l.add("k: " + r.set().k());
    l.add("weighting: " + req.weighting().describe());
    l.add("quantization: " + (q == null ? "none" : q.describe()));
    l.add("points: " + st.points());
    l.add("mse: " + st.mse());
    l.add("max_abs_error: " + st.maxAbsError());
    l.add("mean_spikes: " + st.meanSpikes());
    l.add("loss: " + r.objective());
    l.add("seed: " + req.options().seed());
    l.add("restarts: " + r.restartsCompleted() + "/" + r.restartsPlanned());
    l.add("time_limit_hit: " + r.timeLimitHit());
    l.add("seconds: " + String.format(Locale.ROOT, "%.1f", r.seconds()));
    l.add("out: " + written);
    if (!Double.isFinite(st.mse())) {
      l.add(
          "note: mse is "
              + st.mse()
              + ": the target or the FS output is not finite on these inputs");
    }
    return l;
  }
}
