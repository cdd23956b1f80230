package org.fsneurons.experiments.runner;

import java.nio.file.Path;
import org.fsneurons.experiments.config.AccuracySpec;
import org.fsneurons.experiments.config.ResolvedExperiment;
import org.fsneurons.experiments.runner.adapter.AccuracyAdapter;

/** {@code kind: accuracy}: checks the model file, asks the {@link AccuracyAdapter}, records the model's SHA-256. */
public final class AccuracyRunner implements ExperimentKindRunner {
  private final AccuracyAdapter adapter;

  /** {@code adapter} null: every experiment of this kind skips ("not available yet"). */
  public AccuracyRunner(AccuracyAdapter adapter) {
    this.adapter = adapter;
  }

  @Override
  public Measurement run(ResolvedExperiment e, RunContext ctx) throws SkipException {
    AccuracySpec a = e.spec(AccuracySpec.class);
    Path model = ModelFiles.require(e, a.model);
    if (adapter == null) {
      // TODO(fs-models): register an AccuracyAdapter (see runner.adapter) built on the evaluator and datasets
      throw new SkipException("not available yet: accuracy evaluation (no AccuracyAdapter from fs-models is"
          + " registered)");
    }
    AccuracyAdapter.Request req = new AccuracyAdapter.Request(model, a.dataset, a.fs == null || a.fs, a.map, a.body,
        a.calibrate, a.percentile, a.reluK, a.limit, a.batch);
    return ModelFiles.withModelHash(adapter.evaluate(req, ctx), model);
  }
}
