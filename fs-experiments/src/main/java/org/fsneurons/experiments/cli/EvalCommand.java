package org.fsneurons.experiments.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.fsneurons.core.UserInputException;
import org.fsneurons.experiments.config.Setting;
import org.fsneurons.experiments.plot.Plots;
import org.fsneurons.models.data.DatasetSpec;
import org.fsneurons.models.data.Layout;
import org.fsneurons.models.data.Normalization;
import org.fsneurons.models.data.Preprocessing;
import org.fsneurons.models.energy.EnergyModel;
import org.fsneurons.models.energy.SynopsReport;
import org.fsneurons.models.eval.Confusion;
import org.fsneurons.models.eval.EvalReports;
import org.fsneurons.models.eval.EvalResult;
import org.fsneurons.models.eval.FsEvaluation;
import org.fsneurons.spark.SparkEvaluation;
import org.fsneurons.spark.SparkSettings;
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
      "spikes_per_neuron, fs_input_mean, fs_input_std (mean/std of the FS neurons' inputs per image and FS layer,",
      "averaged over images and then layers; the metric names of experiments.yaml and MLflow; input_mean/input_std",
      "repeat them under their older names), synops, ann_macs, synops_per_mac, energy_ratio (accuracies as",
      "fractions; synops and MACs per image). normalization: says which input preprocessing was used and where it",
      "came from (--normalization, the model's metadata JSON beside the .onnx, or the dataset's default)."
    })
public final class EvalCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "M.onnx",
      description = "The trained model.")
  Path model;

  @Option(
      names = "--dataset",
      required = true,
      paramLabel = "SPEC",
      description = "e.g. fashion-mnist:test, " + "cifar10:test, imagenet:val:1024.")
  String dataset;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "0",
      description = "Evaluate the first N images only (0: all).")
  int limit;

  @Option(
      names = "--batch",
      paramLabel = "B",
      defaultValue = "" + FsEvaluation.Request.DEFAULT_BATCH,
      description = "Batch size (default ${DEFAULT-VALUE}).")
  int batch;

  @Option(
      names = "--fs",
      description = "Also run the FS network (activations replaced by FS neurons).")
  boolean fs;

  @Option(
      names = "--normalization",
      paramLabel = "NAME",
      description =
          "Input normalisation (raw, unit, mean-std, per-image, resnet, efficientnet); default: the dataset's.")
  String normalization;

  @Option(
      names = "--resolution",
      paramLabel = "PX",
      defaultValue = "0",
      description = "Image size for ImageNet (default: from the model's input, else 224).")
  int resolution;

  @Option(
      names = "--layout",
      paramLabel = "nchw|nhwc",
      description = "Input layout (default: from the model's input shape).")
  String layout;

  @Option(
      names = "--layers-csv",
      paramLabel = "FILE.csv",
      description = "Write the per-layer FS statistics.")
  Path layersCsv;

  @Option(
      names = "--save-fs",
      paramLabel = "FILE.onnx",
      description = "Also write the converted FS model.")
  Path saveFs;

  @Option(
      names = "--layers-plot",
      paramLabel = "FILE.png",
      description = "With --fs: bar plot of synaptic operations and ANN MACs per FS layer.")
  Path layersPlot;

  @Option(
      names = "--per-class",
      description = "Print the accuracy of each class (ANN and, with --fs, FS).")
  boolean perClass;

  @Option(
      names = "--per-class-csv",
      paramLabel = "FILE.csv",
      description = "Write per-class accuracy and the confusion matrices (ANN and FS) as CSV.")
  Path perClassCsv;

  @Option(
      names = "--per-class-plot",
      paramLabel = "FILE.png",
      description = "Bar plot of the accuracy per class.")
  Path perClassPlot;

  @Option(
      names = "--energy-ac-pj",
      paramLabel = "PJ",
      description =
          "Energy of one accumulate (a synaptic "
              + "operation), picojoules (default: "
              + EnergyModel.HOROWITZ_SOURCE
              + ").")
  Double energyAc;

  @Option(
      names = "--energy-mac-pj",
      paramLabel = "PJ",
      description =
          "Energy of one multiply-accumulate of the ANN, picojoules (default "
              + EnergyModel.HOROWITZ_MAC_PJ
              + ", see --energy-ac-pj).")
  Double energyMac;

  @Mixin ConversionArgs conversion;

  @Mixin CalibrationArgs calibration;

  @Mixin RuntimeArgs runtime;

  @Mixin SparkArgs sparkArgs;

  @Override
  public Integer call() {
    check();
    FsEvaluation.Calibration calSettings = calibration.calibration();
    FsEvaluation.Request req =
        FsEvaluation.Request.builder(model, dataset)
            .datasets(Workspace.of(spec).datasets())
            .limit(limit)
            .batch(batch)
            .fs(fs)
            .options(conversion.options())
            .calibration(calSettings)
            .layout(layout())
            .normalization(normalization == null ? null : Normalization.parse(normalization))
            .resolution(resolution)
            .annConfig(runtime.plain())
            .fsConfig(runtime.fs(conversion.body()))
            .saveFs(saveFs)
            .build();
    PrintWriter err = spec.commandLine().getErr();
    FsEvaluation.Outcome o;
    SparkSettings sparkSettings = sparkArgs.settings();
    SparkEvaluation.Outcome onSpark = null;
    try (Progress cal = new Progress("calibrating");
        Progress p = new Progress(fs ? "evaluating ANN+FS" : "evaluating")) {
      if (sparkSettings == null) {
        o = FsEvaluation.run(req, cal, p);
      } else {
        onSpark = SparkEvaluation.run(req, sparkSettings, cal, err::println);
        o = onSpark.outcome();
      }
    }
    EvalResult r = o.result();
    PrintWriter out = spec.commandLine().getOut();
    Preprocessing pre = FsEvaluation.preprocessing(req);
    out.println("normalization: " + pre.normalization());
    out.println("normalization_source: " + pre.source());
    out.println("normalization_formula: " + pre.formula(DatasetSpec.parse(dataset).kind()));
    if (fs) {
      conversion.warnIfNoNative(o.nativeKernel(), err, "used");
      if (!o.calibrations().isEmpty()) {
        err.printf(
            Locale.ROOT,
            "calibrated %d ReLU layers on %s (%s, K=%d)%n",
            o.calibrations().size(),
            calSettings.dataset(),
            calSettings.percentile().isPresent()
                ? calSettings.percentile().getAsDouble() + "th percentile"
                : "maximum",
            calSettings.k());
      }
      out.println("fs_kernel: " + (o.nativeKernel() ? "native" : conversion.fsBody().id()));
      out.println("fs_layers: " + o.conversion().replaced().size());
      out.println("kept_layers: " + o.conversion().kept().size());
    }
    out.println("dataset: " + o.datasetName());
    r.metrics().forEach((k, v) -> out.println(k + ": " + (v instanceof Double d ? fmt(d) : v)));
    if (r.hasFs()) {
      out.println("input_mean: " + fmt(r.inputMean())); // older names, kept for scripts
      out.println("input_std: " + fmt(r.inputStd()));
      SynopsReport ops = o.synops() == null ? null : o.synops().withEnergy(energy());
      if (ops != null) {
        out.println("synops: " + String.format(Locale.ROOT, "%.6g", ops.synops()));
        out.println("ann_macs: " + ops.annMacs());
        out.println("synops_per_mac: " + fmt(ops.synopsPerMac()));
        out.println("energy_ratio: " + fmt(ops.energyRatio()));
        out.println("energy_ac_pj: " + ops.energy().acPj());
        out.println("energy_mac_pj: " + ops.energy().macPj());
        if (energyAc == null && energyMac == null) {
          out.println("energy_source: " + EnergyModel.HOROWITZ_SOURCE);
        }
      }
      if (layersPlot != null && ops != null) {
        Plots.layers(ops, layersPlot);
        out.println("layers_plot: " + layersPlot);
      }
      if (layersCsv != null) {
        out.flush();
        writeAfterResults(
            "--layers-csv",
            layersCsv,
            () -> EvalReports.writeLayersCsv(r.layers(), ops, layersCsv));
        out.println("layers_csv: " + layersCsv);
      }
    }
    perClass(r, out);
    out.println("seconds: " + String.format(Locale.ROOT, "%.1f", r.seconds()));
    if (onSpark != null) {
      out.println("engine: spark");
      out.println("spark_master: " + onSpark.master());
      out.println("partitions: " + onSpark.partitions());
      out.println("executors: " + onSpark.executors());
      out.println("images_per_s: " + String.format(Locale.ROOT, "%.1f", onSpark.imagesPerSecond()));
    }
    out.flush();
    return 0;
  }

  /**
   * Writes a report after the results were printed; a file that cannot be written is one line (exit
   * 2) saying that the printed results are complete.
   */
  private static void writeAfterResults(String flag, Path file, Runnable write) {
    try {
      write.run();
    } catch (UncheckedIOException e) {
      throw new UserInputException(
          String.format(
              "%s %s: cannot write it (%s); the results above are complete",
              flag, file, e.getCause().getMessage()),
          e);
    }
  }

  /** The --layout choice, or null to decide from the model's input shape. */
  private Layout layout() {
    try {
      return layout == null ? null : Layout.parse(layout);
    } catch (UserInputException e) {
      throw new UserInputException("--layout: " + e.getMessage(), e);
    }
  }

  private EnergyModel energy() {
    EnergyModel d = EnergyModel.HOROWITZ_45NM;
    return new EnergyModel(
        energyAc == null ? d.acPj() : energyAc, energyMac == null ? d.macPj() : energyMac);
  }

  private void perClass(EvalResult r, PrintWriter out) {
    Confusion ann = r.annConfusion();
    Confusion fsc = r.fsConfusion();
    if (perClass && ann != null) {
      for (int c = 0; c < ann.classes(); c++) {
        out.printf(
            Locale.ROOT,
            "class_%d: support %d ann_top1 %s%s%n",
            c,
            ann.support(c),
            fmt(ann.accuracy(c)),
            fsc == null ? "" : " fs_top1 " + fmt(fsc.accuracy(c)));
      }
    }
    if (perClassCsv != null && ann != null) {
      writeAfterResults(
          "--per-class-csv",
          perClassCsv,
          () -> EvalReports.writePerClassCsv(ann, fsc, perClassCsv));
      out.println("per_class_csv: " + perClassCsv);
    }
    if (perClassPlot != null && ann != null) {
      Plots.perClass(ann, fsc, perClassPlot);
      out.println("per_class_plot: " + perClassPlot);
    }
  }

  /** Checks every flag before the model and data are read: one line, exit 2, nothing written. */
  private void check() {
    Setting.LIMIT.flag(limit);
    Setting.BATCH.flag(batch);
    Flags.atLeast("--resolution", resolution, 0);
    layout();
    runtime.check();
    if (!fs) {
      for (String o :
          List.of(
              "--layers-csv",
              "--layers-plot",
              "--energy-ac-pj",
              "--energy-mac-pj",
              "--save-fs",
              "--map",
              "--include",
              "--exclude",
              "--body",
              "--calibrate",
              "--percentile",
              "--relu-k")) {
        if (spec.commandLine().getParseResult().hasMatchedOption(o)) {
          throw new UserInputException(
              o + ": applies to the FS network only; expected --fs with it, found no --fs");
        }
      }
    }
    // each output against the model and the outputs before it: two reports in one file would
    // leave only the last one written
    List<Object> before = new ArrayList<>(List.of("--model", model));
    for (Object[] f :
        new Object[][] {
          {"--layers-csv", layersCsv},
          {"--layers-plot", layersPlot},
          {"--per-class-csv", perClassCsv},
          {"--per-class-plot", perClassPlot},
          {"--save-fs", saveFs}
        }) {
      Flags.output((String) f[0], (Path) f[1], before.toArray());
      before.add(f[0]);
      before.add(f[1]);
    }
    for (Object[] e :
        new Object[][] {{"--energy-ac-pj", energyAc}, {"--energy-mac-pj", energyMac}}) {
      Double v = (Double) e[1];
      if (v != null && (!(v > 0) || !Double.isFinite(v))) {
        throw new UserInputException(
            e[0] + ": expected a positive number of picojoules, found " + v);
      }
    }
  }

  static String fmt(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }
}
