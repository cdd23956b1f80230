package org.fsneurons.experiments.runner;

import java.nio.file.Path;
import org.fsneurons.core.approx.ApproxStats;
import org.fsneurons.core.approx.InputDistribution;
import org.fsneurons.core.coeff.CoefficientFiles;
import org.fsneurons.core.coeff.TargetFunction;
import org.fsneurons.experiments.config.FitSpec;
import org.fsneurons.experiments.config.ResolvedExperiment;
import org.fsneurons.fit.ApproxReport;
import org.fsneurons.fit.FitOptions;
import org.fsneurons.fit.FitRequest;
import org.fsneurons.fit.FitResult;
import org.fsneurons.fit.FitTarget;
import org.fsneurons.fit.FsFitter;
import org.fsneurons.fit.InputWeighting;

/**
 * {@code kind: fit}: fits a set with fs-fit and measures it as {@code ./fs approx} does (on {@code
 * points} or {@code samples} when given, else on the fitter's own points). Metrics {@code mse},
 * {@code max_abs_error}, {@code mean_spikes}, {@code k}, {@code seconds}; params {@code
 * coeffs.sha256}, {@code restarts}; artifact: the fitted coefficient JSON.
 */
public final class FitRunner {
  private FitRunner() {}

  public static Measurement run(ResolvedExperiment e, RunContext ctx) {
    FitSpec f = e.spec(FitSpec.class);
    TargetFunction target = TargetFunction.parse(f.target);
    InputWeighting w;
    // null: measured on the weighting's own points, as the fitter already did (FitResult.stats)
    InputDistribution measuredOn = null;
    if (f.uniform != null) {
      w = new InputWeighting.Uniform(f.uniform.get(0), f.uniform.get(1));
      if (f.points != null) {
        measuredOn = new InputDistribution.Uniform(f.uniform.get(0), f.uniform.get(1), f.points);
      }
    } else {
      w = new InputWeighting.Normal(f.normal.get(0), f.normal.get(1));
      if (f.samples != null) {
        measuredOn =
            new InputDistribution.Normal(f.normal.get(0), f.normal.get(1), f.samples, f.seed);
      }
    }
    FitOptions o = FitOptions.defaults().withSeed(f.seed);
    if (f.restarts != null) {
      o = o.withRestarts(f.restarts);
    }
    if (f.timeLimit != null) {
      o = o.withTimeLimit(f.timeLimit);
    }
    String name = target.id() + "_fit" + f.k;
    FitResult res =
        FsFitter.fit(new FitRequest(name, FitTarget.of(target), f.k, w, null, o), p -> {});
    ApproxStats st = ApproxReport.of(res, target, measuredOn).stats();
    Path json = ctx.artifactDir().resolve(name + ".json");
    CoefficientFiles.write(res.set(), json);
    return Measurement.builder()
        .metric("mse", st.mse())
        .metric("max_abs_error", st.maxAbsError())
        .metric("mean_spikes", st.meanSpikes())
        .metric("k", f.k)
        .metric("seconds", res.seconds())
        .param("coeffs.sha256", CoefficientFiles.sha256(res.set()))
        .param("restarts", res.restartsCompleted())
        .artifact(json)
        .build();
  }
}
