package org.fsneurons.experiments.runner.adapter;

import java.util.List;
import org.fsneurons.core.coeff.TargetFunction;
import org.fsneurons.experiments.runner.Measurement;
import org.fsneurons.experiments.runner.RunContext;
import org.fsneurons.experiments.runner.SkipException;

/**
 * Fits a coefficient set to a target (fs-fit).
 *
 * <p>Metrics: {@code mse}, {@code max_abs_error}, {@code mean_spikes} of the fitted set on the fitting points,
 * {@code k}, {@code seconds}. Params: {@code coeffs.sha256}, {@code restarts}. Artifact: the fitted coefficient JSON
 * (written into the context's artifact folder).
 */
public interface FitAdapter {
  /** Resolved settings of {@code kind: fit}; exactly one of {@code uniform} or {@code normal} is set. */
  record Request(TargetFunction target, int k, List<Double> uniform, Integer points, List<Double> normal,
      Integer samples, long seed, Integer restarts, Double timeLimitSeconds) {
    public Request {
      uniform = uniform == null ? null : List.copyOf(uniform);
      normal = normal == null ? null : List.copyOf(normal);
    }
  }

  Measurement fit(Request request, RunContext ctx) throws SkipException;
}
