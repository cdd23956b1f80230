package org.fsneurons.experiments.wiring;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.fsneurons.core.coeff.CoefficientSet;
import org.fsneurons.experiments.config.BodyChoice;
import org.fsneurons.experiments.runner.Measurement;
import org.fsneurons.experiments.runner.RunContext;
import org.fsneurons.experiments.runner.SkipException;
import org.fsneurons.experiments.runner.adapter.AccuracyAdapter;
import org.fsneurons.models.convert.ActivationKind;
import org.fsneurons.models.convert.ConversionOptions;
import org.fsneurons.models.data.DatasetSpec;
import org.fsneurons.models.data.Datasets;
import org.fsneurons.models.eval.EvalResult;
import org.fsneurons.models.eval.FsEvaluation;
import org.fsneurons.models.eval.ProgressListener;
import org.fsneurons.models.instrument.FsStatsAccumulator;
import org.fsneurons.models.nativekernel.NativeFsKernel;
import org.fsneurons.models.ort.ExecutionProvider;
import org.fsneurons.models.ort.SessionConfig;
import org.fsneurons.core.onnx.FsBody;

/**
 * {@code kind: accuracy} on fs-models: the same pipeline as {@code ./fs eval}. {@code calibrate: N} calibrates
 * FS-ReLU on the first N images of the dataset's train split.
 */
public final class FsAccuracyAdapter implements AccuracyAdapter {
  @Override
  public Measurement evaluate(Request r, RunContext ctx) throws SkipException {
    DatasetSpec spec = DatasetSpec.parse(r.dataset());
    Optional<String> missing = Datasets.fromEnvironment().unavailableReason(spec);
    if (missing.isPresent()) {
      throw new SkipException(missing.get());
    }
    Map<ActivationKind, Optional<CoefficientSet>> mapping = Mappings.mapping(r.map());
    BodyChoice choice = BodyChoice.parse(r.body() == null ? "native" : r.body());
    boolean nativeBody = choice.nativeKernel();
    FsBody fsBody = choice.body();
    String calibration = null;
    if (r.calibrate() != null && r.calibrate() > 0) {
      calibration = spec.kind().specName() + ":train:" + r.calibrate();
    }
    SessionConfig plain = SessionConfig.cpu();
    SessionConfig fsCfg = nativeBody ? NativeFsKernel.withKernelIfAvailable(plain) : plain;
    FsEvaluation.Request req = new FsEvaluation.Request(r.model(), r.dataset(), r.limit() == null ? 0 : r.limit(),
        r.batch() == null ? 100 : r.batch(), r.fs(), ConversionOptions.defaults().withMapping(mapping).withBody(fsBody),
        new FsEvaluation.Calibration(calibration, r.percentile(), r.reluK()), null, null, 0, plain, fsCfg, null);
    FsEvaluation.Outcome o = FsEvaluation.run(req, ProgressListener.NONE, ProgressListener.NONE);
    EvalResult e = o.result();
    Measurement.Builder b = Measurement.builder();
    b.metric("images", e.images());
    b.metric("ann_top1", e.annTop1());
    b.metric("ann_top5", e.annTop5());
    b.metric("nonfinite_outputs", e.nonfiniteOutputs());
    b.param("dataset", o.datasetName());
    b.param("images", e.images());
    b.param("execution_provider", ExecutionProvider.CPU.id());
    if (r.fs()) {
      b.metric("fs_top1", e.fsTop1());
      b.metric("fs_top5", e.fsTop5());
      b.metric("fs_minus_ann_top1", e.fsTop1() - e.annTop1());
      b.metric("neurons", e.neurons());
      b.metric("spikes_per_neuron", e.spikesPerNeuron());
      b.metric("fs_input_mean", e.inputMean());
      b.metric("fs_input_std", e.inputStd());
      b.param("fs_kernel", o.nativeKernel() ? "native" : fsBody.id());
      b.param("fs_layers", o.conversion().replaced().size());
      if (calibration != null) {
        b.param("calibration", calibration);
        b.param("calibration_statistic", r.percentile() == null ? "max" : r.percentile() + "th percentile");
      }
      if (r.reluK() != null) {
        b.param("relu_k", r.reluK());
      }
      Mappings.params(mapping, b);
      Path csv = ctx.artifactDir().resolve("fs_layers.csv");
      FsStatsAccumulator.writeCsv(e.layers(), csv);
      b.perLayerCsv(csv);
      Path report = ctx.artifactDir().resolve("conversion_report.csv");
      o.conversion().writeReport(report);
      b.artifact(report);
    }
    b.metric("seconds", e.seconds());
    return b.build();
  }
}
