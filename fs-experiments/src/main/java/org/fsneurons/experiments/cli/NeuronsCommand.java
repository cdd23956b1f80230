package org.fsneurons.experiments.cli;

import static java.util.stream.Collectors.counting;
import static java.util.stream.Collectors.groupingBy;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.fsneurons.models.arch.Architectures;
import org.fsneurons.models.convert.ActivationKind;
import org.fsneurons.models.convert.Conversion;
import org.fsneurons.models.convert.Converter;
import org.fsneurons.models.convert.LayerReport;
import org.fsneurons.models.instrument.NeuronTally;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

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
    @Option(
        names = "--arch",
        paramLabel = "NAME",
        description =
            "resnetN-cifar (N=6n+2), resnet18|34|50|101|152-imagenet, efficientnet-b0..b7.")
    String arch;

    @Option(names = "--model", paramLabel = "M.onnx", description = "An ONNX model file.")
    Path model;
  }

  @Option(
      names = "--input",
      paramLabel = "HxWxC",
      description = "Input size for --arch (default: the architecture's).")
  String input;

  @Mixin ConversionArgs conversion;

  @Override
  public Integer call() {
    String where = source.arch != null ? source.arch : source.model.toString();
    ModelProto model =
        source.arch != null
            ? Architectures.buildStructure(source.arch, ModelChoice.archInput(input))
            : ModelChoice.load(source.model, input);
    Conversion conv = Converter.convert(model, conversion.options(), where);
    NeuronTally tally = NeuronTally.of(conv, where);
    Map<ActivationKind, Long> keptKinds =
        conv.kept().stream().collect(groupingBy(LayerReport::kind, LinkedHashMap::new, counting()));
    PrintWriter out = spec.commandLine().getOut();
    out.println("Number of neurons: " + tally.total());
    for (var e : tally.perKind().entrySet()) {
      out.println(
          e.getKey().opName()
              + ": "
              + e.getValue()
              + " neurons in "
              + tally.layersPerKind().get(e.getKey())
              + " layers");
    }
    for (var e : keptKinds.entrySet()) {
      out.println(e.getKey().opName() + ": kept (" + e.getValue() + " layers not converted)");
    }
    out.flush();
    return 0;
  }
}
