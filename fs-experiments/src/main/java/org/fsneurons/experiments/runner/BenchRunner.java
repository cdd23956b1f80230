package org.fsneurons.experiments.runner;

import java.nio.file.Path;
import java.util.List;
import org.fsneurons.experiments.config.BenchSpec;
import org.fsneurons.experiments.config.Body;
import org.fsneurons.experiments.config.ResolvedExperiment;
import org.fsneurons.models.bench.Bench;
import org.fsneurons.models.bench.ModelBench;
import org.fsneurons.models.convert.ConversionOptions;
import org.fsneurons.models.nativekernel.NativeFsKernel;
import org.fsneurons.models.ort.SessionConfig;
import org.fsneurons.models.progress.ProgressListener;

/**
 * {@code kind: bench}: a model or an architecture against its FS version on {@link Bench#model}
 * (interleaved, medians; spinning off, no profile), as {@code ./fs bench --model|--arch} runs it.
 * Metrics {@code ann_ms}, {@code fs_ms}, {@code fs_over_ann}, {@code ms_per_batch}, {@code
 * images_per_s}. The single-layer benchmark is {@code ./fs bench --layer}.
 */
public final class BenchRunner {
  private BenchRunner() {}

  public static Measurement run(ResolvedExperiment e, RunContext ctx) throws SkipException {
    BenchSpec b = e.spec(BenchSpec.class);
    Path model = b.model == null ? null : Inputs.model(e, b.model);
    if (b.layer != null) {
      throw new SkipException(
          "layer benchmarks run with ./fs bench --layer "
              + b.layer
              + " (interleaved variants); kind: bench covers models and architectures");
    }
    long seed = b.seed == null ? 1 : b.seed;
    Bench.Subject subject =
        b.arch != null ? Bench.Subject.arch(b.arch, null, seed) : Bench.Subject.file(model);
    Body body = b.body == null ? Body.AUTO : Body.parse(b.body);
    SessionConfig cpu = SessionConfig.cpu();
    int batch = b.batch == null ? 1 : b.batch;
    Bench.Settings settings =
        new Bench.Settings(
            cpu,
            "cpu",
            false,
            List.of(),
            List.of(),
            b.warmup == null ? 3 : b.warmup,
            b.runs == null ? 50 : b.runs,
            seed,
            "fs run (experiment " + e.name() + ")");
    ModelBench.Result res =
        Bench.model(
                new Bench.Model(
                    subject,
                    ConversionOptions.defaults().withBody(body.written()),
                    body.id(),
                    List.of(),
                    body.nativeKernel() ? NativeFsKernel.withKernelIfAvailable(cpu) : cpu,
                    batch,
                    0),
                settings,
                ProgressListener.NONE)
            .result();
    double ann = res.timings().median(ModelBench.ANN);
    double fsMs = res.timings().median(ModelBench.FS);
    return Measurement.builder()
        .metric("ann_ms", ann)
        .metric("fs_ms", fsMs)
        .metric("fs_over_ann", fsMs / ann)
        .metric("ms_per_batch", fsMs)
        .metric("images_per_s", batch * 1000.0 / fsMs)
        .param("fs_kernel", res.fsKernel())
        .param("fs_layout", res.fsLayout())
        .param("batch", batch)
        .param("seed", seed)
        .param("execution_provider", "cpu")
        .modelSha256(model)
        .build();
  }
}
