package org.fsneurons.experiments.runner;

import org.fsneurons.core.coeff.TargetFunction;
import org.fsneurons.experiments.config.FitSpec;
import org.fsneurons.experiments.config.ResolvedExperiment;
import org.fsneurons.experiments.runner.adapter.FitAdapter;

/** {@code kind: fit}: asks the {@link FitAdapter} (fs-fit) to fit a set to the target. */
public final class FitRunner implements ExperimentKindRunner {
  private final FitAdapter adapter;

  /** {@code adapter} null: every experiment of this kind skips ("not available yet"). */
  public FitRunner(FitAdapter adapter) {
    this.adapter = adapter;
  }

  @Override
  public Measurement run(ResolvedExperiment e, RunContext ctx) throws SkipException {
    FitSpec f = e.spec(FitSpec.class);
    TargetFunction target = TargetFunction.parse(f.target);
    if (adapter == null) {
      // TODO(fs-fit): register a FitAdapter (see runner.adapter) built on fs-fit's fitter
      throw new SkipException("not available yet: fitting (no FitAdapter from fs-fit is registered)");
    }
    return adapter.fit(new FitAdapter.Request(target, f.k, f.uniform, f.points, f.normal, f.samples, f.seed,
        f.restarts, f.timeLimit), ctx);
  }
}
