package org.fsneurons.experiments.wiring;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.fsneurons.core.coeff.CoefficientSet;
import org.fsneurons.models.instrument.NeuronTally;
import org.fsneurons.experiments.runner.Measurement;
import org.fsneurons.experiments.runner.RunContext;
import org.fsneurons.experiments.runner.adapter.NeuronsAdapter;
import org.fsneurons.models.arch.Architectures;
import org.fsneurons.models.convert.ActivationKind;
import org.fsneurons.models.convert.Conversion;
import org.fsneurons.models.convert.ConversionOptions;
import org.fsneurons.models.convert.Converter;
import org.fsneurons.models.convert.LayerReport;
import org.fsneurons.models.onnx.OnnxModels;

/** {@code kind: neurons} on fs-models: build or load, convert with the mapping, count per layer and kind. */
public final class FsNeuronsAdapter implements NeuronsAdapter {
  @Override
  public Measurement countNeurons(Request r, RunContext ctx) {
    ModelProto model;
    String where;
    if (r.arch() != null) {
      int[] hwc = r.input() == null ? null : r.input().stream().mapToInt(Integer::intValue).toArray();
      model = Architectures.buildStructure(r.arch(), hwc);
      where = r.arch();
    } else {
      model = OnnxModels.load(r.model());
      where = r.model().toString();
    }
    Map<ActivationKind, Optional<CoefficientSet>> mapping = Mappings.mapping(r.map());
    Conversion conv = Converter.convert(model, ConversionOptions.defaults().withMapping(mapping), where);
    NeuronTally tally = NeuronTally.of(conv, where);
    Measurement.Builder b = Measurement.builder();
    b.metric("neurons", tally.total());
    b.metric("layers", conv.replaced().size());
    b.metric("kept_layers", conv.kept().size());
    tally.perKind().forEach((k, n) -> b.metric("neurons." + k.opName(), n));
    if (r.arch() != null) {
      b.param("arch", r.arch());
      b.param("input", r.input() == null ? Architectures.defaultInput(r.arch()) : r.input().toString());
    }
    Mappings.params(mapping, b);
    Path csv = ctx.artifactDir().resolve("neurons_per_layer.csv");
    try {
      Files.createDirectories(ctx.artifactDir());
      try (CSVPrinter p = new CSVPrinter(Files.newBufferedWriter(csv),
          CSVFormat.DEFAULT.builder().setHeader("layer", "kind", "action", "coefficient_set", "shape", "neurons").get())) {
        for (LayerReport l : conv.layers()) {
          p.printRecord(l.name(), l.kind().opName(), l.replaced() ? "replaced" : "kept", l.coefficientSet(),
              l.shape(), l.replaced() ? tally.neurons(l.name()) : 0);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + csv, e);
    }
    b.perLayerCsv(csv);
    return b.build();
  }
}
