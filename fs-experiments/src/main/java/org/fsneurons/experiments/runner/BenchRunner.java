package org.fsneurons.experiments.runner;

import static java.util.Objects.requireNonNullElse;

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
 * (interleaved, medians), with the settings and defaults of {@code ./fs bench --model|--arch} on
 * the CPU provider. Metrics {@code ann_ms}, {@code fs_ms}, {@code fs_over_ann}, {@code
 * ms_per_batch}, {@code images_per_s}, and {@code fs_layers_share} when profiled ({@code
 * profile_runs} > 0). The single-layer benchmark is {@code ./fs bench --layer}.
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
    SessionConfig cpu = SessionConfig.cpu();
    Bench.Settings settings =
        new Bench.Settings(
            cpu,
            "cpu",
            Boolean.TRUE.equals(b.allowSpinning),
            List.of(),
            List.of(),
            requireNonNullElse(b.warmup, BenchSpec.WARMUP),
            requireNonNullElse(b.runs, BenchSpec.MODEL_RUNS),
            requireNonNullElse(b.seed, BenchSpec.SEED),
            "fs run (experiment " + e.name() + ")");
    Bench.Subject subject =
        b.arch != null
            ? Bench.Subject.arch(b.arch, b.input, settings.seed())
            : Bench.Subject.file(model);
    Body body = b.body == null ? Body.AUTO : Body.parse(b.body);
    int batch = requireNonNullElse(b.batch, BenchSpec.BATCH);
    ModelBench.Result res =
        Bench.model(
                new Bench.Model(
                    subject,
                    ConversionOptions.defaults()
                        .withMapping(Inputs.mapping(b.map, e))
                        .withBody(body.written()),
                    body.id(),
                    b.map == null
                        ? List.of()
                        : b.map.entrySet().stream()
                            .map(m -> m.getKey() + "=" + m.getValue())
                            .toList(),
                    body.nativeKernel() ? NativeFsKernel.withKernelIfAvailable(cpu) : cpu,
                    batch,
                    requireNonNullElse(b.profileRuns, BenchSpec.PROFILE_RUNS)),
                settings,
                ProgressListener.NONE)
            .result();
    double ann = res.timings().median(ModelBench.ANN);
    double fsMs = res.timings().median(ModelBench.FS);
    Measurement.Builder m =
        Measurement.builder()
            .metric("ann_ms", ann)
            .metric("fs_ms", fsMs)
            .metric("fs_over_ann", fsMs / ann)
            .metric("ms_per_batch", fsMs)
            .metric("images_per_s", batch * 1000.0 / fsMs);
    if (res.fsProfile() != null) {
      m.metric("fs_layers_share", res.fsProfile().fsShare());
    }
    return m.param("fs_kernel", res.fsKernel())
        .param("fs_layout", res.fsLayout())
        .param("batch", batch)
        .param("seed", settings.seed())
        .param("execution_provider", "cpu")
        .modelSha256(model)
        .build();
  }
}
