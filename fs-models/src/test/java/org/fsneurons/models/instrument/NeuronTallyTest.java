package org.fsneurons.models.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.fsneurons.models.arch.Architectures;
import org.fsneurons.models.convert.Conversion;
import org.fsneurons.models.convert.ConversionOptions;
import org.fsneurons.models.convert.Converter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-layer neurons CSV of {@code kind: neurons}. */
class NeuronTallyTest {
  @TempDir Path dir;

  @Test
  void theCsvHasOneRowPerLayerAndItsNeuronsAddUpToTheTotal() throws Exception {
    Conversion conv =
        Converter.convert(
            Architectures.buildStructure("resnet8-cifar", null),
            ConversionOptions.defaults(),
            "resnet8-cifar");
    NeuronTally tally = NeuronTally.of(conv, "resnet8-cifar");
    Path csv = dir.resolve("sub/neurons_per_layer.csv");
    tally.writeCsv(conv, csv);
    List<CSVRecord> rows;
    try (Reader r = Files.newBufferedReader(csv)) {
      rows =
          CSVFormat.DEFAULT
              .builder()
              .setHeader()
              .setSkipHeaderRecord(true)
              .get()
              .parse(r)
              .getRecords();
    }
    assertEquals(
        List.of("layer", "kind", "action", "coefficient_set", "shape", "neurons"),
        rows.get(0).getParser().getHeaderNames());
    assertEquals(conv.layers().size(), rows.size());
    assertEquals(
        tally.total(), rows.stream().mapToLong(x -> Long.parseLong(x.get("neurons"))).sum());
    assertEquals("replaced", rows.get(0).get("action"));
    assertEquals("Relu", rows.get(0).get("kind"));
  }
}
