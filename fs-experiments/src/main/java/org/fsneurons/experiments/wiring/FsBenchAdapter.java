package org.fsneurons.experiments.wiring;

import ai.onnx.proto.OnnxMl.ModelProto;
import org.fsneurons.experiments.config.BodyChoice;
import org.fsneurons.experiments.runner.Measurement;
import org.fsneurons.experiments.runner.RunContext;
import org.fsneurons.experiments.runner.SkipException;
import org.fsneurons.experiments.runner.adapter.BenchAdapter;
import org.fsneurons.models.arch.Architectures;
import org.fsneurons.models.bench.ModelBench;
import org.fsneurons.models.convert.ConversionOptions;
import org.fsneurons.models.eval.ProgressListener;
import org.fsneurons.models.nativekernel.NativeFsKernel;
import org.fsneurons.models.onnx.OnnxModels;
import org.fsneurons.models.ort.SessionConfig;

/**
 * {@code kind: bench} for models and architectures on {@link ModelBench} (ANN vs FS, interleaved, medians); the
 * single-layer benchmark is {@code ./fs bench --layer}.
 */
public final class FsBenchAdapter implements BenchAdapter {
  @Override
  public Measurement bench(Request r, RunContext ctx) throws SkipException {
    if (r.layer() != null) {
      throw new SkipException("layer benchmarks run with ./fs bench --layer " + r.layer()
          + " (interleaved variants); kind: bench covers models and architectures");
    }
    ModelProto model = r.arch() != null ? Architectures.build(r.arch(), null, 1) : OnnxModels.load(r.model());
    String where = r.arch() != null ? "arch:" + r.arch() : r.model().toString();
    BodyChoice body = BodyChoice.parse(r.body() == null ? "native" : r.body());
    SessionConfig plain = SessionConfig.cpu().withoutSpinning();
    SessionConfig fs = body.nativeKernel() ? NativeFsKernel.withKernelIfAvailable(plain) : plain;
    int batch = r.batch() == null ? 1 : r.batch();
    ModelBench.Result res = ModelBench.run(new ModelBench.Spec(model, where, ConversionOptions.defaults()
        .withBody(body.body()), plain, fs, batch, 3, 50, 0, 1),
        ProgressListener.NONE);
    double ann = res.timings().median(ModelBench.ANN);
    double fsMs = res.timings().median(ModelBench.FS);
    return Measurement.builder().metric("ann_ms", ann).metric("fs_ms", fsMs).metric("fs_over_ann", fsMs / ann)
        .metric("ms_per_batch", fsMs).metric("images_per_s", batch * 1000.0 / fsMs)
        .param("fs_kernel", res.fsKernel()).param("fs_layout", res.fsLayout()).param("batch", batch).param("execution_provider", "cpu").build();
  }
}
