package org.fsneurons.experiments.wiring;

import java.nio.file.Path;
import org.fsneurons.core.UserInputException;
import org.fsneurons.core.approx.ApproxStats;
import org.fsneurons.core.approx.Approximation;
import org.fsneurons.core.approx.InputPoints;
import org.fsneurons.core.coeff.CoefficientFiles;
import org.fsneurons.experiments.runner.Measurement;
import org.fsneurons.experiments.runner.RunContext;
import org.fsneurons.experiments.runner.adapter.FitAdapter;
import org.fsneurons.fit.FitOptions;
import org.fsneurons.fit.FitRequest;
import org.fsneurons.fit.FitResult;
import org.fsneurons.fit.FitTarget;
import org.fsneurons.fit.FsFitter;
import org.fsneurons.fit.InputWeighting;

/** {@code kind: fit} on fs-fit; the metrics are measured as {@code ./fs approx} measures them. */
public final class FsFitAdapter implements FitAdapter {
  @Override
  public Measurement fit(Request r, RunContext ctx) {
    InputWeighting w;
    float[] xs = null; // null: measured on the weighting's own points, as the fitter already did (FitResult.stats)
    if (r.uniform() != null) {
      w = new InputWeighting.Uniform(r.uniform().get(0), r.uniform().get(1));
      if (r.points() != null) {
        xs = InputPoints.uniform(r.uniform().get(0), r.uniform().get(1), r.points());
      }
    } else if (r.normal() != null) {
      w = new InputWeighting.Normal(r.normal().get(0), r.normal().get(1));
      if (r.samples() != null) {
        xs = InputPoints.normal(r.normal().get(0), r.normal().get(1), r.samples(), 1);
      }
    } else {
      throw new UserInputException("fit: needs uniform: [lo, hi] or normal: [mean, std]");
    }
    FitOptions o = FitOptions.defaults().withSeed(r.seed());
    if (r.restarts() != null) {
      o = o.withRestarts(r.restarts());
    }
    if (r.timeLimitSeconds() != null) {
      o = o.withTimeLimit(r.timeLimitSeconds());
    }
    String name = r.target().id() + "_fit" + r.k();
    FitResult res = FsFitter.fit(new FitRequest(name, FitTarget.of(r.target()), r.k(), w, null, o), p -> { });
    ApproxStats st = xs == null ? res.stats() : Approximation.measure(res.set().params(), r.target()::apply, xs);
    Path json = ctx.artifactDir().resolve(name + ".json");
    CoefficientFiles.write(res.set(), json);
    return Measurement.builder().metric("mse", st.mse()).metric("max_abs_error", st.maxAbsError())
        .metric("mean_spikes", st.meanSpikes()).metric("k", r.k()).metric("seconds", res.seconds())
        .param("coeffs.sha256", CoefficientFiles.sha256(res.set())).param("restarts", res.restartsCompleted())
        .artifact(json).build();
  }
}
