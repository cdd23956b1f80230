package org.fsneurons.experiments.runner;

import java.nio.file.Path;
import org.fsneurons.experiments.config.BenchSpec;
import org.fsneurons.experiments.config.ResolvedExperiment;
import org.fsneurons.experiments.runner.adapter.BenchAdapter;

/** {@code kind: bench}: asks the {@link BenchAdapter} to time a layer or a model. */
public final class BenchRunner implements ExperimentKindRunner {
  private final BenchAdapter adapter;

  /** {@code adapter} null: every experiment of this kind skips ("not available yet"). */
  public BenchRunner(BenchAdapter adapter) {
    this.adapter = adapter;
  }

  @Override
  public Measurement run(ResolvedExperiment e, RunContext ctx) throws SkipException {
    BenchSpec b = e.spec(BenchSpec.class);
    Path model = b.model == null ? null : ModelFiles.require(e, b.model);
    if (adapter == null) {
      // TODO(fs-models): register a BenchAdapter (see runner.adapter) built on the ORT runner
      throw new SkipException("not available yet: benchmarks (no BenchAdapter from fs-models is registered)");
    }
    Measurement m = adapter.bench(new BenchAdapter.Request(b.layer, model, b.arch, b.batch, b.body), ctx);
    return ModelFiles.withModelHash(m, model);
  }
}
