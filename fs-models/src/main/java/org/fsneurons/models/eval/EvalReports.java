package org.fsneurons.models.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.fsneurons.models.energy.SynopsReport;
import org.fsneurons.models.instrument.LayerStats;

/** CSV tables of an evaluation: per FS layer, per class, and any table of rows. */
public final class EvalReports {
  private EvalReports() {}

  /**
   * Per FS layer: neurons, spike totals, spikes per neuron, input mean/std; with a synops report
   * (matched by layer name) also the spikes per image, the mean fan-out, synaptic operations per
   * image and the ANN's MACs per image that read the layer's output.
   */
  public static void writeLayersCsv(List<LayerStats> layers, SynopsReport synops, Path csv) {
    Map<String, SynopsReport.Layer> ops = new HashMap<>();
    if (synops != null) {
      synops.layers().forEach(l -> ops.put(l.layer(), l));
    }
    List<String> header =
        new ArrayList<>(
            List.of(
                "layer",
                "neurons",
                "images",
                "spikes",
                "spikes_per_neuron",
                "input_mean",
                "input_std"));
    if (synops != null) {
      header.addAll(List.of("spikes_per_image", "fanout", "synops_per_image", "macs_per_image"));
    }
    write(
        csv,
        header,
        p -> {
          for (LayerStats l : layers) {
            List<Object> row =
                new ArrayList<>(
                    List.of(
                        l.layer(),
                        l.neurons(),
                        l.images(),
                        l.spikes(),
                        l.spikesPerNeuron(),
                        l.meanOfInputMeans(),
                        l.meanOfInputStds()));
            if (synops != null) {
              SynopsReport.Layer o = ops.get(l.layer());
              row.addAll(
                  o == null
                      ? List.of("", "", "", "")
                      : List.of(o.spikes(), o.fanout(), o.synops(), o.macs()));
            }
            p.printRecord(row);
          }
        });
  }

  /**
   * Per class: support, ANN and FS accuracy (recall) and their difference, then both confusion
   * matrices as rows {@code confusion,ann|fs,label,count per predicted class..., other} ({@code
   * other}: non-finite outputs and predictions outside the classes).
   *
   * @param fs the FS network's confusion, or null when only the ANN ran
   */
  public static void writePerClassCsv(Confusion ann, Confusion fs, Path csv) {
    int n = ann.classes();
    List<String> header =
        new ArrayList<>(
            List.of("table", "network", "class", "support", "accuracy", "fs_minus_ann"));
    for (int c = 0; c < n; c++) {
      header.add("pred_" + c);
    }
    header.add("pred_other");
    write(
        csv,
        header,
        p -> {
          for (int c = 0; c < n; c++) {
            p.printRecord(
                perClassRow(
                    "accuracy",
                    "ann",
                    c,
                    ann,
                    fs == null ? "" : fs.accuracy(c) - ann.accuracy(c),
                    n));
            if (fs != null) {
              p.printRecord(
                  perClassRow("accuracy", "fs", c, fs, fs.accuracy(c) - ann.accuracy(c), n));
            }
          }
          for (Confusion m : fs == null ? List.of(ann) : List.of(ann, fs)) {
            String net = m == ann ? "ann" : "fs";
            for (int c = 0; c < n; c++) {
              List<Object> row =
                  new ArrayList<>(List.of("confusion", net, c, m.support(c), m.accuracy(c), ""));
              for (int q = 0; q < n; q++) {
                row.add(m.count(c, q));
              }
              row.add(m.count(c, Confusion.OTHER));
              p.printRecord(row);
            }
          }
        });
  }

  private static List<Object> perClassRow(
      String table, String net, int c, Confusion m, Object diff, int n) {
    List<Object> row = new ArrayList<>(List.of(table, net, c, m.support(c), m.accuracy(c), diff));
    for (int q = 0; q <= n; q++) {
      row.add("");
    }
    return row;
  }

  /** A CSV table (Commons CSV's default format) with this header and rows; creates its folder. */
  public static void writeCsv(Path csv, List<String> header, List<? extends Iterable<?>> rows) {
    write(
        csv,
        header,
        p -> {
          for (Iterable<?> r : rows) {
            p.printRecord(r);
          }
        });
  }

  private interface Rows {
    void print(CSVPrinter p) throws IOException;
  }

  private static void write(Path csv, List<String> header, Rows rows) {
    try {
      Path parent = csv.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      try (CSVPrinter p =
          new CSVPrinter(
              Files.newBufferedWriter(csv),
              CSVFormat.DEFAULT.builder().setHeader(header.toArray(String[]::new)).get())) {
        rows.print(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + csv, e);
    }
  }
}
