package org.fsneurons.experiments.runner;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.fsneurons.core.coeff.CoefficientSet;
import org.fsneurons.experiments.config.AccuracySpec;
import org.fsneurons.experiments.config.Body;
import org.fsneurons.experiments.config.ResolvedExperiment;
import org.fsneurons.experiments.plot.Plots;
import org.fsneurons.models.convert.ActivationKind;
import org.fsneurons.models.convert.ConversionOptions;
import org.fsneurons.models.data.DatasetSpec;
import org.fsneurons.models.data.Datasets;
import org.fsneurons.models.energy.SynopsReport;
import org.fsneurons.models.eval.EvalReports;
import org.fsneurons.models.eval.EvalResult;
import org.fsneurons.models.eval.FsEvaluation;
import org.fsneurons.models.nativekernel.NativeFsKernel;
import org.fsneurons.models.onnx.OnnxModels;
import org.fsneurons.models.ort.ExecutionProvider;
import org.fsneurons.models.ort.SessionConfig;
import org.fsneurons.models.progress.ProgressListener;
import org.fsneurons.spark.SparkEvaluation;
import org.fsneurons.spark.SparkSettings;
import org.fsneurons.tracking.DatasetInput;

/**
 * {@code kind: accuracy}: the pipeline of {@code ./fs eval} on a dataset ({@code calibrate: N}
 * calibrates FS-ReLU on the first N images of the train split). Metrics {@code ann_top1}, {@code
 * ann_top5}, {@code fs_top1}, {@code fs_top5}, {@code fs_minus_ann_top1}, {@code images}, {@code
 * neurons}, {@code spikes_per_neuron}, {@code fs_input_mean}, {@code fs_input_std}, {@code
 * nonfinite_outputs}, {@code synops}, {@code ann_macs}, {@code synops_per_mac}, {@code
 * energy_ratio}, {@code images_per_s}, {@code seconds}; with {@code spark:} the pass runs on Spark
 * (params engine, spark_master, partitions, executors); params dataset, images, provider, kernel,
 * coefficient sets, normalization, energies, {@code model.sha256}; artifacts {@code fs_layers.csv}
 * (with spikes, synops and MACs per layer), {@code conversion_report.csv}, {@code per_class.csv}
 * and {@code per_class.png}; when tracked, the converted FS model as the MLflow model {@code
 * fs_model} and the dataset(s) as run inputs. A dataset that is not here skips the experiment with
 * the reason.
 */
public final class AccuracyRunner {
  private AccuracyRunner() {}

  public static Measurement run(ResolvedExperiment x, RunContext ctx) throws SkipException {
    AccuracySpec a = x.spec(AccuracySpec.class);
    Path model = Inputs.model(x, a.model);
    boolean fs = a.fs == null || a.fs;
    DatasetSpec spec = DatasetSpec.parse(a.dataset);
    Datasets data = ctx.datasets();
    Optional<String> missing = data.unavailableReason(spec);
    if (missing.isPresent()) {
      throw new SkipException(missing.get());
    }
    Map<ActivationKind, Optional<CoefficientSet>> mapping = Inputs.mapping(a.map, x);
    Body choice = a.body == null ? Body.AUTO : Body.parse(a.body);
    String calibration =
        a.calibrate != null && a.calibrate > 0
            ? spec.kind().specName() + ":train:" + a.calibrate
            : null;
    SessionConfig plain = SessionConfig.cpu();
    SessionConfig fsCfg =
        choice.nativeKernel() ? NativeFsKernel.withKernelIfAvailable(plain) : plain;
    FsEvaluation.Request.Builder rb =
        FsEvaluation.Request.builder(model, a.dataset)
            .datasets(data)
            .fs(fs)
            .options(ConversionOptions.defaults().withMapping(mapping).withBody(choice.written()))
            .calibration(FsEvaluation.Calibration.of(calibration, a.percentile, a.reluK))
            .annConfig(plain)
            .fsConfig(fsCfg);
    Optional.ofNullable(a.limit).ifPresent(rb::limit);
    Optional.ofNullable(a.batch).ifPresent(rb::batch);
    FsEvaluation.Request req = rb.build();
    Optional<SparkSettings> spark = a.spark();
    FsEvaluation.Outcome o;
    Measurement.Builder b = Measurement.builder();
    if (spark.isPresent()) {
      // the same numbers as one machine (fs-spark's tests and scripts/spark-it.sh check it), spread
      // over a cluster
      SparkEvaluation.Outcome s =
          SparkEvaluation.run(req, spark.get(), ProgressListener.NONE, ctx.err()::println);
      o = s.outcome();
      b.param("engine", "spark");
      b.param("spark_master", s.master());
      b.param("partitions", s.partitions());
      b.param("executors", s.executors());
      b.metric("images_per_s", s.imagesPerSecond());
    } else {
      o = FsEvaluation.run(req, ProgressListener.NONE, ProgressListener.NONE);
      b.param("engine", "local");
      b.metric(
          "images_per_s",
          o.result().seconds() > 0 ? o.result().images() / o.result().seconds() : 0);
    }
    EvalResult e = o.result();
    b.param("normalization", FsEvaluation.preprocessing(req).normalization());
    e.metrics()
        .forEach(
            (name, v) -> {
              b.metric(name, v.doubleValue());
              if (name.equals("fs_top5")) { // recorded, not printed by ./fs eval
                b.metric("fs_minus_ann_top1", e.fsTop1() - e.annTop1());
              }
            });
    b.param("dataset", o.datasetName());
    b.param("images", e.images());
    b.param("execution_provider", ExecutionProvider.CPU.id());
    if (fs) {
      b.param("fs_kernel", o.nativeKernel() ? "native" : choice.written().id());
      b.param("fs_layers", o.conversion().replaced().size());
      if (calibration != null) {
        b.param("calibration", calibration);
        OptionalDouble pct = req.calibration().percentile();
        b.param(
            "calibration_statistic", pct.isPresent() ? pct.getAsDouble() + "th percentile" : "max");
      }
      req.calibration().reluK().ifPresent(k -> b.param("relu_k", k));
      Inputs.params(mapping, b);
      SynopsReport ops = o.synops(); // with the default energies (EnergyModel.HOROWITZ_45NM)
      if (ops != null) {
        ops.metrics().forEach(b::metric);
        b.param("energy_ac_pj", ops.energy().acPj());
        b.param("energy_mac_pj", ops.energy().macPj());
      }
      Path csv = ctx.artifactDir().resolve("fs_layers.csv");
      EvalReports.writeLayersCsv(e.layers(), ops, csv);
      b.artifact(csv);
      Path report = ctx.artifactDir().resolve("conversion_report.csv");
      o.conversion().writeReport(report);
      b.artifact(report);
    }
    if (e.annConfusion() != null) {
      Path perClass = ctx.artifactDir().resolve("per_class.csv");
      EvalReports.writePerClassCsv(e.annConfusion(), e.fsConfusion(), perClass);
      b.artifact(perClass);
      Path plot = ctx.artifactDir().resolve("per_class.png");
      try {
        Plots.perClass(e.annConfusion(), e.fsConfusion(), plot);
        b.artifact(plot);
      } catch (RuntimeException ex) {
        // a plot is a convenience; the numbers are recorded without it
        ctx.err().println(x.name() + ": no per-class plot (" + ex.getMessage() + ")");
      }
    }
    if (ctx.tracked()) {
      b.input(input(data, spec, o.datasetName(), e.images(), "test"));
      if (calibration != null) {
        b.input(
            input(data, DatasetSpec.parse(calibration), calibration, a.calibrate, "calibration"));
      }
      if (fs) {
        Path onnx = ctx.modelDir().resolve("fs_model.onnx");
        OnnxModels.save(o.conversion().model(), onnx);
        b.model("fs_model", onnx);
      }
    }
    b.metric("seconds", e.seconds());
    b.param("model.sha256", o.modelSha256()); // of the bytes the evaluation read: no second read
    return b.build();
  }

  /**
   * The MLflow run input of a dataset: its folder, digested by content up to 64 files and 1 GiB
   * (Fashion-MNIST, CIFAR-10), else by listing.
   */
  private static DatasetInput input(
      Datasets data, DatasetSpec spec, String name, long images, String context) {
    return DatasetInput.folder(name, data.directory(spec.kind()), images, context, 64, 1L << 30);
  }
}
