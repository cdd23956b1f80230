package org.fsneurons.experiments.runner;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.fsneurons.core.coeff.CoefficientSet;
import org.fsneurons.experiments.config.NeuronsSpec;
import org.fsneurons.experiments.config.ResolvedExperiment;
import org.fsneurons.models.arch.Architectures;
import org.fsneurons.models.convert.ActivationKind;
import org.fsneurons.models.convert.Conversion;
import org.fsneurons.models.convert.ConversionOptions;
import org.fsneurons.models.convert.Converter;
import org.fsneurons.models.instrument.NeuronTally;
import org.fsneurons.models.onnx.OnnxModels;

/**
 * {@code kind: neurons}: builds the architecture ({@code arch}, {@code input}) or loads the ONNX
 * {@code model}, converts it with {@code map} and counts neurons per layer and activation kind.
 * Metrics {@code neurons}, {@code layers}, {@code kept_layers}, {@code neurons.<OpType>}; per-layer
 * CSV {@code neurons_per_layer.csv}.
 */
public final class NeuronsRunner {
  private NeuronsRunner() {}

  public static Measurement run(ResolvedExperiment e, RunContext ctx) throws SkipException {
    NeuronsSpec n = e.spec(NeuronsSpec.class);
    Path modelFile = n.model == null ? null : Inputs.model(e, n.model);
    ModelProto model;
    String where;
    if (n.arch != null) {
      int[] hwc = n.input == null ? null : n.input.stream().mapToInt(Integer::intValue).toArray();
      model = Architectures.buildStructure(n.arch, hwc);
      where = n.arch;
    } else {
      model = OnnxModels.load(modelFile);
      where = modelFile.toString();
    }
    Map<ActivationKind, Optional<CoefficientSet>> mapping = Inputs.mapping(n.map, e);
    Conversion conv =
        Converter.convert(model, ConversionOptions.defaults().withMapping(mapping), where);
    NeuronTally tally = NeuronTally.of(conv, where);
    Measurement.Builder b = Measurement.builder();
    b.metric("neurons", tally.total());
    b.metric("layers", conv.replaced().size());
    b.metric("kept_layers", conv.kept().size());
    tally.perKind().forEach((k, count) -> b.metric("neurons." + k.opName(), count));
    if (n.arch != null) {
      b.param("arch", n.arch);
      b.param("input", n.input == null ? Architectures.defaultInput(n.arch) : n.input.toString());
    }
    Inputs.params(mapping, b);
    Path csv = ctx.artifactDir().resolve("neurons_per_layer.csv");
    tally.writeCsv(conv, csv);
    return b.artifact(csv).modelSha256(modelFile).build();
  }
}
