package org.fsneurons.experiments.runner;

import java.nio.file.Path;
import org.fsneurons.experiments.config.NeuronsSpec;
import org.fsneurons.experiments.config.ResolvedExperiment;
import org.fsneurons.experiments.runner.adapter.NeuronsAdapter;

/** {@code kind: neurons}: checks the model file, then asks the {@link NeuronsAdapter} to count. */
public final class NeuronsRunner implements ExperimentKindRunner {
  private final NeuronsAdapter adapter;

  /** {@code adapter} null: every experiment of this kind skips ("not available yet"). */
  public NeuronsRunner(NeuronsAdapter adapter) {
    this.adapter = adapter;
  }

  @Override
  public Measurement run(ResolvedExperiment e, RunContext ctx) throws SkipException {
    NeuronsSpec n = e.spec(NeuronsSpec.class);
    Path model = n.model == null ? null : ModelFiles.require(e, n.model);
    if (adapter == null) {
      // TODO(fs-models): register a NeuronsAdapter (see runner.adapter) to count neurons of architectures and models
      throw new SkipException("not available yet: neuron counting (no NeuronsAdapter from fs-models is registered)");
    }
    Measurement m = adapter.countNeurons(new NeuronsAdapter.Request(n.arch, n.input, model, n.map), ctx);
    return ModelFiles.withModelHash(m, model);
  }
}
