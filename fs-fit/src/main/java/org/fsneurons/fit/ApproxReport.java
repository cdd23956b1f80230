package org.fsneurons.fit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fsneurons.core.approx.ApproxStats;
import org.fsneurons.core.approx.InputDistribution;
import org.fsneurons.core.coeff.CoefficientSet;
import org.fsneurons.core.coeff.TargetFunction;
import org.fsneurons.core.compiled.CompiledFs;

/**
 * A coefficient set measured against a target: the one measuring path of {@code ./fs approx} and
 * {@code kind: approximation} ({@link #measure}) and of {@code ./fs fit} and {@code kind: fit}
 * ({@link #of(FitResult, TargetFunction, InputDistribution)}), with its metrics by name and its
 * {@code key: value} report.
 */
public record ApproxReport(CoefficientSet set, TargetFunction target, ApproxStats stats) {
  /** Work bound of the {@code pieces:} line: about a second. */
  static final long PIECES_WORK = 1L << 28;

  /** {@code set} against {@code target} on the points of {@code inputs}. */
  public static ApproxReport measure(
      CoefficientSet set, TargetFunction target, InputDistribution inputs) {
    return new ApproxReport(set, target, inputs.measure(set.params(), target::apply));
  }

  /**
   * A fitted set against {@code target} on {@code inputs}, or on the fitter's own measurement
   * points ({@link FitResult#stats}) when {@code inputs} is null.
   */
  public static ApproxReport of(FitResult r, TargetFunction target, InputDistribution inputs) {
    return inputs == null
        ? new ApproxReport(r.set(), target, r.stats())
        : measure(r.set(), target, inputs);
  }

  /** {@code mse}, {@code max_abs_error}, {@code mean_spikes}, {@code k}, {@code points}. */
  public Map<String, Double> metrics() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("mse", stats.mse());
    m.put("max_abs_error", stats.maxAbsError());
    m.put("mean_spikes", stats.meanSpikes());
    m.put("k", (double) set.k());
    m.put("points", (double) stats.points());
    return m;
  }

  /**
   * The report of {@code ./fs approx}: coeffs, target, points, mse, max_abs_error, mean_spikes,
   * pieces (the compiled form's piece count when compiling is cheap; a K=10000 set is not: "more
   * than", never a failure), k.
   */
  public List<String> lines() {
    String pieces =
        CompiledFs.tryCompile(set.params(), PIECES_WORK)
            .map(c -> String.valueOf(c.pieces()))
            .orElse(
                "unavailable (more than "
                    + CompiledFs.MAX_PIECES
                    + " pieces or "
                    + PIECES_WORK
                    + " membrane steps to compile)");
    return List.of(
        "coeffs: " + set.name(),
        "target: " + target.id(),
        "points: " + stats.points(),
        "mse: " + stats.mse(),
        "max_abs_error: " + stats.maxAbsError(),
        "mean_spikes: " + stats.meanSpikes(),
        "pieces: " + pieces,
        "k: " + set.k());
  }
}
