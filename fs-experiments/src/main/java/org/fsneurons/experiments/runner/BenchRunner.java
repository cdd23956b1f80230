package org.fsneurons.experiments.runner;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.nio.file.Path;
import org.fsneurons.experiments.config.BenchSpec;
import org.fsneurons.experiments.config.Body;
import org.fsneurons.experiments.config.ResolvedExperiment;
import org.fsneurons.models.arch.Architectures;
import org.fsneurons.models.bench.ModelBench;
import org.fsneurons.models.convert.ConversionOptions;
import org.fsneurons.models.nativekernel.NativeFsKernel;
import org.fsneurons.models.onnx.OnnxModels;
import org.fsneurons.models.ort.SessionConfig;
import org.fsneurons.models.progress.ProgressListener;

/**
 * {@code kind: bench}: a model or an architecture against its FS version on {@link ModelBench}
 * (interleaved, medians; spinning off). Metrics {@code ann_ms}, {@code fs_ms}, {@code fs_over_ann},
 * {@code ms_per_batch}, {@code images_per_s}. The single-layer benchmark is {@code ./fs bench
 * --layer}.
 */
public final class BenchRunner {
  private BenchRunner() {}

  public static Measurement run(ResolvedExperiment e, RunContext ctx) throws SkipException {
    BenchSpec b = e.spec(BenchSpec.class);
    Path model = b.model == null ? null : ModelFiles.require(e, b.model);
    if (b.layer != null) {
      throw new SkipException(
          "layer benchmarks run with ./fs bench --layer "
              + b.layer
              + " (interleaved variants); kind: bench covers models and architectures");
    }
    long seed = b.seed == null ? 1 : b.seed;
    ModelProto proto =
        b.arch != null ? Architectures.build(b.arch, null, seed) : OnnxModels.load(model);
    String where = b.arch != null ? "arch:" + b.arch : model.toString();
    Body body = b.body == null ? Body.AUTO : Body.parse(b.body);
    SessionConfig plain = SessionConfig.cpu().withoutSpinning();
    SessionConfig fs = body.nativeKernel() ? NativeFsKernel.withKernelIfAvailable(plain) : plain;
    int batch = b.batch == null ? 1 : b.batch;
    ModelBench.Result res =
        ModelBench.run(
            new ModelBench.Spec(
                proto,
                where,
                ConversionOptions.defaults().withBody(body.written()),
                plain,
                fs,
                batch,
                b.warmup == null ? 3 : b.warmup,
                b.runs == null ? 50 : b.runs,
                0,
                seed),
            ProgressListener.NONE);
    double ann = res.timings().median(ModelBench.ANN);
    double fsMs = res.timings().median(ModelBench.FS);
    Measurement m =
        Measurement.builder()
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
            .build();
    return ModelFiles.withModelHash(m, model);
  }
}
