package org.fsneurons.experiments.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.fsneurons.core.UserInputException;
import org.fsneurons.models.eval.EvalResult;
import org.fsneurons.models.eval.FsEvaluation;
import org.fsneurons.models.instrument.FsStatsAccumulator;
import org.fsneurons.models.nativekernel.NativeFsKernel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./fs eval}: accuracy of a network and of its FS version on a dataset, in one pass. */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = {
      "Evaluate an ONNX classifier on a dataset and, with --fs, its FS version in the same pass.",
      "Prints key: value lines: images, ann_top1, ann_top5 and with --fs fs_top1, fs_top5, neurons,",
      "spikes_per_neuron, input_mean, input_std (accuracies as fractions)."
    })
public final class EvalCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "M.onnx", description = "The trained model.")
  Path model;

  @Option(names = "--dataset", required = true, paramLabel = "SPEC", description = "e.g. fashion-mnist:test, "
      + "cifar10:test, imagenet:val:1024.")
  String dataset;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "0", description = "Evaluate the first N images only (0: all).")
  int limit;

  @Option(names = "--batch", paramLabel = "B", defaultValue = "100", description = "Batch size (default ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--fs", description = "Also run the FS network (activations replaced by FS neurons).")
  boolean fs;

  @Option(names = "--normalization", paramLabel = "NAME",
      description = "Input normalisation (raw, unit, mean-std, per-image, resnet, efficientnet); default: the dataset's.")
  String normalization;

  @Option(names = "--resolution", paramLabel = "PX", defaultValue = "0",
      description = "Image size for ImageNet (default: from the model's input, else 224).")
  int resolution;

  @Option(names = "--layout", paramLabel = "nchw|nhwc", description = "Input layout (default: from the model's input shape).")
  String layout;

  @Option(names = "--layers-csv", paramLabel = "FILE.csv", description = "Write the per-layer FS statistics.")
  Path layersCsv;

  @Option(names = "--save-fs", paramLabel = "FILE.onnx", description = "Also write the converted FS model.")
  Path saveFs;

  @Mixin ConversionArgs conversion;

  @Mixin CalibrationArgs calibration;

  @Mixin RuntimeArgs runtime;

  @Override
  public Integer call() {
    check();
    boolean explicitBody = spec.commandLine().getParseResult().hasMatchedOption("--body");
    FsEvaluation.Request req = new FsEvaluation.Request(model, dataset, limit, batch, fs, conversion.options(),
        calibration.calibration(), layout, normalization, resolution, runtime.plain(),
        runtime.fs(conversion.nativeBody(), explicitBody), saveFs);
    FsEvaluation.Outcome o;
    try (Progress cal = new Progress("calibrating"); Progress p = new Progress(fs ? "evaluating ANN+FS" : "evaluating")) {
      o = FsEvaluation.run(req, cal, p);
    }
    EvalResult r = o.result();
    PrintWriter out = spec.commandLine().getOut();
    if (fs) {
      if (conversion.nativeBody() && !o.nativeKernel()) {
        spec.commandLine().getErr().println("fs: --body native: native kernel unavailable ("
            + NativeFsKernel.unavailableReason() + "); used the function body");
      }
      if (!o.calibrations().isEmpty()) {
        spec.commandLine().getErr().println("calibrated " + o.calibrations().size() + " ReLU layers on "
            + calibration.calibrate + " (" + (calibration.percentile == null ? "maximum"
                : calibration.percentile + "th percentile") + ", K=" + (calibration.reluK == null ? 10
                    : calibration.reluK) + ")");
      }
      out.println("fs_kernel: " + (o.nativeKernel() ? "native" : conversion.fsBody().id()));
      out.println("fs_layers: " + o.conversion().replaced().size());
      out.println("kept_layers: " + o.conversion().kept().size());
    }
    out.println("dataset: " + o.datasetName());
    out.println("images: " + r.images());
    out.println("ann_top1: " + fmt(r.annTop1()));
    out.println("ann_top5: " + fmt(r.annTop5()));
    out.println("nonfinite_outputs: " + r.nonfiniteOutputs());
    if (r.hasFs()) {
      out.println("fs_top1: " + fmt(r.fsTop1()));
      out.println("fs_top5: " + fmt(r.fsTop5()));
      out.println("neurons: " + r.neurons());
      out.println("spikes_per_neuron: " + fmt(r.spikesPerNeuron()));
      out.println("input_mean: " + fmt(r.inputMean()));
      out.println("input_std: " + fmt(r.inputStd()));
      if (layersCsv != null) {
        out.flush();
        try {
          FsStatsAccumulator.writeCsv(r.layers(), layersCsv);
        } catch (java.io.UncheckedIOException e) {
          throw new UserInputException("--layers-csv " + layersCsv + ": cannot write it (" + e.getCause().getMessage()
              + "); the results above are complete", e);
        }
        out.println("layers_csv: " + layersCsv);
      }
    }
    out.println("seconds: " + String.format(Locale.ROOT, "%.1f", r.seconds()));
    out.flush();
    return 0;
  }

  /** Checks every flag before the model and data are read: one line, exit 2, nothing written. */
  private void check() {
    Flags.atLeast("--limit", limit, 0);
    Flags.batch("--batch", batch);
    Flags.atLeast("--resolution", resolution, 0);
    runtime.check();
    if (!fs) {
      for (String o : List.of("--layers-csv", "--save-fs", "--map", "--include", "--exclude", "--body", "--calibrate",
          "--percentile", "--relu-k")) {
        if (spec.commandLine().getParseResult().hasMatchedOption(o)) {
          throw new UserInputException(o + ": applies to the FS network only; expected --fs with it, found no --fs");
        }
      }
    }
    if (layersCsv != null) {
      Flags.outputFile("--layers-csv", layersCsv);
      Flags.distinct("--layers-csv", layersCsv, "--model", model);
    }
    if (saveFs != null) {
      Flags.outputFile("--save-fs", saveFs);
      Flags.distinct("--save-fs", saveFs, "--model", model);
      Flags.distinct("--save-fs", saveFs, "--layers-csv", layersCsv);
    }
  }

  static String fmt(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }
}
