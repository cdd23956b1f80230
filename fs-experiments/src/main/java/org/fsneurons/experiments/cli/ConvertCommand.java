package org.fsneurons.experiments.cli;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.fsneurons.models.convert.Conversion;
import org.fsneurons.models.convert.ConversionOptions;
import org.fsneurons.models.convert.Converter;
import org.fsneurons.models.convert.LayerReport;
import org.fsneurons.models.eval.FsEvaluation;
import org.fsneurons.models.onnx.OnnxModels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./fs convert}: write the FS version of an ONNX model. */
@Command(
    name = "convert",
    mixinStandardHelpOptions = true,
    description = {
      "Replace the activations of an ONNX model by FSNeuron nodes.",
      "Function bodies are included, so any ONNX runtime runs the result.",
      "Prints a line per activation and a summary."
    })
public final class ConvertCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "IN.onnx", description = "The trained model.")
  Path in;

  @Option(
      names = {"-o", "--output"},
      required = true,
      paramLabel = "OUT.onnx",
      description = "Where to write the FS model.")
  Path out;

  @Option(
      names = "--report",
      paramLabel = "report.csv",
      description = "Write the conversion report as CSV.")
  Path report;

  @Mixin ConversionArgs conversion;

  @Mixin CalibrationArgs calibration;

  @Mixin RuntimeArgs runtime;

  @Override
  public Integer call() {
    Flags.output("--output", out, "IN.onnx", in);
    Flags.output("--report", report, "IN.onnx", in, "--output", out);
    runtime.check();
    FsEvaluation.Calibration cal = calibration.calibration();
    ModelProto model = OnnxModels.load(in);
    ConversionOptions options;
    try (Progress p = new Progress("calibrating")) {
      options =
          FsEvaluation.calibrate(
              model,
              conversion.options(),
              cal,
              FsEvaluation.CalibrationRun.of(Workspace.of(spec).datasets(), runtime.plain()),
              in.toString(),
              null, // convert prints no per-layer calibration list
              p);
    }
    Conversion conv = Converter.convert(model, options, in.toString());
    OnnxModels.save(conv.model(), out);
    if (report != null) {
      conv.writeReport(report);
    }
    PrintWriter w = spec.commandLine().getOut();
    for (LayerReport l : conv.layers()) {
      w.printf(
          "%s%s %s [%s]%s%s%n",
          l.replaced() ? "replaced " : "kept     ",
          l.kind().opName(),
          l.name(),
          l.shape(),
          l.replaced() ? " -> " + l.coefficientSet() + " (K=" + l.k() + ")" : "",
          l.note().isEmpty() ? "" : " " + l.note());
    }
    w.println("replaced: " + conv.replaced().size());
    w.println("kept: " + conv.kept().size());
    w.println("output: " + out);
    if (report != null) {
      w.println("report: " + report);
    }
    w.flush();
    return 0;
  }
}
