package org.fsneurons.experiments.cli;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.fsneurons.core.UserInputException;
import org.fsneurons.models.arch.Architectures;
import org.fsneurons.models.convert.ActivationKind;
import org.fsneurons.models.convert.Conversion;
import org.fsneurons.models.convert.Converter;
import org.fsneurons.models.convert.LayerReport;
import org.fsneurons.models.instrument.NeuronCounter;
import org.fsneurons.models.onnx.OnnxModels;
import org.fsneurons.models.ort.SessionConfig;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ./fs neurons}: how many FS neurons a network gets. */
@Command(
    name = "neurons",
    mixinStandardHelpOptions = true,
    description = {
      "Count the FS neurons of an architecture or an ONNX model.",
      "Neurons are the elements of every converted activation's tensor, batch excluded.",
      "Prints 'Number of neurons: N' and a line per activation kind."
    })
public final class NeuronsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  static final class Source {
    @Option(names = "--arch", paramLabel = "NAME",
        description = "resnetN-cifar (N=6n+2), resnet18|34|50|101|152-imagenet, efficientnet-b0..b7.")
    String arch;

    @Option(names = "--model", paramLabel = "M.onnx", description = "An ONNX model file.")
    Path model;
  }

  @Option(names = "--input", paramLabel = "HxWxC", description = "Input size for --arch (default: the architecture's).")
  String input;

  @Mixin ConversionArgs conversion;

  @Override
  public Integer call() {
    ModelProto model;
    String where;
    if (source.arch != null) {
      int[] hwc = input == null ? null : Architectures.parseInput(input);
      model = Architectures.buildStructure(source.arch, hwc);
      where = source.arch;
    } else {
      if (input != null) {
        throw new UserInputException("--input applies to --arch only; an ONNX model has its own input size");
      }
      model = OnnxModels.load(source.model);
      where = source.model.toString();
    }
    Conversion conv = Converter.convert(model, conversion.options(), where);
    Map<String, Long> perLayer = NeuronCounter.count(conv, SessionConfig.cpu(), where);
    Map<ActivationKind, long[]> perKind = new LinkedHashMap<>();
    long total = 0;
    for (LayerReport l : conv.replaced()) {
      long n = perLayer.getOrDefault(l.name(), 0L);
      total += n;
      long[] c = perKind.computeIfAbsent(l.kind(), k -> new long[2]);
      c[0] += n;
      c[1]++;
    }
    Map<ActivationKind, Integer> keptKinds = new LinkedHashMap<>();
    for (LayerReport l : conv.kept()) {
      keptKinds.merge(l.kind(), 1, Integer::sum);
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println("Number of neurons: " + total);
    for (var e : perKind.entrySet()) {
      out.println(e.getKey().opName() + ": " + e.getValue()[0] + " neurons in " + e.getValue()[1] + " layers");
    }
    for (var e : keptKinds.entrySet()) {
      out.println(e.getKey().opName() + ": kept (" + e.getValue() + " layers not converted)");
    }
    out.flush();
    return 0;
  }
}
