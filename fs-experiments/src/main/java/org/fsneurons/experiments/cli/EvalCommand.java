package org.fsneurons.experiments.cli;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.fsneurons.core.UserInputException;
import org.fsneurons.models.convert.Conversion;
import org.fsneurons.models.convert.ConversionOptions;
import org.fsneurons.models.convert.Converter;
import org.fsneurons.models.data.DatasetSpec;
import org.fsneurons.models.data.Datasets;
import org.fsneurons.models.data.ImageDataset;
import org.fsneurons.models.data.Normalization;
import org.fsneurons.models.eval.EvalResult;
import org.fsneurons.models.eval.Evaluator;
import org.fsneurons.models.instrument.Instrumenter;
import org.fsneurons.models.onnx.OnnxModels;
import org.fsneurons.models.ort.OrtRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

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

  @Option(names = "--limit", paramLabel = "N", defaultValue = "0", description = "Evaluate the first N images only.")
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
    if (batch < 1) {
      throw new UserInputException("--batch: expected a positive number, found " + batch);
    }
    if (limit < 0) {
      throw new UserInputException("--limit: expected a non-negative number, found " + limit);
    }
    String where = model.toString();
    ModelProto ann = OnnxModels.load(model);
    ImageDataset data = openData(ann);
    PrintWriter out = spec.commandLine().getOut();
    EvalResult r;
    try (OrtRunner annRunner = OrtRunner.open(ann.toByteArray(), where, runtime.plain())) {
      if (!fs) {
        try (Progress p = new Progress("evaluating")) {
          r = Evaluator.evaluate(annRunner, null, List.of(), data, limit, batch, layout, where, p);
        }
      } else {
        ConversionOptions options = calibration.apply(ann, conversion.options(), where, spec, layout, runtime.plain());
        Conversion conv = Converter.convert(ann, options, where);
        if (conv.replaced().isEmpty()) {
          throw new UserInputException(where + ": no activation was converted (" + conv.kept().size()
              + " kept); check --map/--include/--exclude");
        }
        if (saveFs != null) {
          OnnxModels.save(conv.model(), saveFs);
        }
        Instrumenter.Instrumented ins = Instrumenter.instrument(conv.model());
        boolean explicitBody = spec.commandLine().getParseResult().hasMatchedOption("--body");
        try (OrtRunner fsRunner = OrtRunner.open(ins.model().toByteArray(), where + " (FS)",
                runtime.fs(conversion.nativeBody(), explicitBody));
            Progress p = new Progress("evaluating ANN+FS")) {
          if (conversion.nativeBody() && !fsRunner.customOpsRegistered()) {
            spec.commandLine().getErr().println("fs: --body native: native kernel unavailable ("
                + org.fsneurons.models.nativekernel.NativeFsKernel.unavailableReason() + "); using the function body");
          }
          r = Evaluator.evaluate(annRunner, fsRunner, ins.probes(), data, limit, batch, layout, where, p);
          out.println("fs_kernel: " + (fsRunner.customOpsRegistered() ? "native" : conversion.fsBody().id()));
        }
        out.println("fs_layers: " + conv.replaced().size());
        out.println("kept_layers: " + conv.kept().size());
      }
    }
    out.println("images: " + r.images());
    out.println("ann_top1: " + fmt(r.annTop1()));
    out.println("ann_top5: " + fmt(r.annTop5()));
    if (r.hasFs()) {
      out.println("fs_top1: " + fmt(r.fsTop1()));
      out.println("fs_top5: " + fmt(r.fsTop5()));
      out.println("neurons: " + r.neurons());
      out.println("spikes_per_neuron: " + fmt(r.spikesPerNeuron()));
      out.println("input_mean: " + fmt(r.inputMean()));
      out.println("input_std: " + fmt(r.inputStd()));
      if (layersCsv != null) {
        org.fsneurons.models.instrument.FsStatsAccumulator.writeCsv(r.layers(), layersCsv);
        out.println("layers_csv: " + layersCsv);
      }
    }
    out.println("seconds: " + String.format(Locale.ROOT, "%.1f", r.seconds()));
    out.flush();
    return 0;
  }

  private ImageDataset openData(ModelProto ann) {
    DatasetSpec ds = DatasetSpec.parse(dataset);
    if (limit > 0 && (!ds.hasLimit() || ds.limit() > limit)) {
      ds = ds.withLimit(limit);
    }
    Normalization norm = normalization == null ? ds.kind().defaultNormalization() : Normalization.parse(normalization);
    int res = resolution;
    if (res == 0 && ds.kind() == DatasetSpec.Kind.IMAGENET) {
      long[] s = OnnxModels.shape(ann.getGraph().getInput(0)).orElse(new long[0]);
      if (s.length == 4) {
        res = (int) (s[1] == 3 ? s[2] : s[1]);
        res = res > 0 ? res : 0;
      }
    }
    return Datasets.fromEnvironment().open(ds, norm, res);
  }

  static String fmt(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }
}
