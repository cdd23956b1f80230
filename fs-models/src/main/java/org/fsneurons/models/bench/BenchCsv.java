package org.fsneurons.models.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.fsneurons.core.UserInputException;

/**
 * The benchmark results table {@code results/bench.csv}: one row per benchmark, every kind in the
 * same columns ({@link #COLUMNS}; a column that does not apply is empty). Created with its header
 * when missing; rows are appended.
 */
public final class BenchCsv {
  /** The columns, in order. Times are medians in ms; ratios are of medians. */
  public static final List<String> COLUMNS =
      List.of(
          "date",
          "host",
          "cpu_model",
          "cores",
          "load_avg",
          "load_avg_end",
          "java_version",
          "ort_version",
          "kind",
          "command",
          "subject",
          "coeffs_or_body",
          "provider",
          "threads",
          "batch",
          "warmup",
          "runs",
          "fs_kernel",
          "relu_ms",
          "fs_native_ms",
          "fs_native_spikes_ms",
          "fs_table_ms",
          "fs_dynamics_ms",
          "native_over_relu",
          "spikes_over_native",
          "ann_ms",
          "fs_ms",
          "fs_over_ann",
          "fs_layers_share",
          "fs_layers_ms",
          "notes");

  private static final CSVFormat FORMAT =
      CSVFormat.DEFAULT.builder().setRecordSeparator("\n").build();

  private BenchCsv() {}

  /**
   * Checks that an existing table has this version's header, so a benchmark does not run for
   * minutes and then fail to record; a missing or empty file is fine.
   */
  public static void checkHeader(Path file) {
    if (!Files.isRegularFile(file)) {
      return;
    }
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        CSVParser p = CSVParser.parse(r, FORMAT)) {
      var it = p.iterator();
      if (!it.hasNext()) {
        return;
      }
      CSVRecord first = it.next();
      List<String> header = new ArrayList<>();
      first.forEach(header::add);
      if (!header.equals(COLUMNS)) {
        throw new UserInputException(
            file
                + ":1: the header is not this version's bench table; expected "
                + String.join(",", COLUMNS)
                + "; found "
                + String.join(",", header)
                + " (move the old file away or pass --csv with another file)");
      }
    } catch (IOException | UncheckedIOException e) {
      throw new UserInputException(file + ": cannot read the bench table: " + e.getMessage(), e);
    }
  }

  /**
   * Appends one row (keys from {@link #COLUMNS}; missing ones are empty), writing the header first
   * if needed.
   */
  public static void append(Path file, Map<String, String> row) {
    for (String k : row.keySet()) {
      if (!COLUMNS.contains(k)) {
        throw new IllegalArgumentException("unknown bench column '" + k + "'; columns: " + COLUMNS);
      }
    }
    checkHeader(file);
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      boolean fresh = !Files.isRegularFile(file) || Files.size(file) == 0;
      try (BufferedWriter w =
              Files.newBufferedWriter(
                  file,
                  StandardCharsets.UTF_8,
                  StandardOpenOption.CREATE,
                  StandardOpenOption.APPEND);
          CSVPrinter p = new CSVPrinter(w, FORMAT)) {
        if (fresh) {
          p.printRecord(COLUMNS);
        }
        List<String> values = new ArrayList<>();
        for (String c : COLUMNS) {
          values.add(row.getOrDefault(c, ""));
        }
        p.printRecord(values);
      }
    } catch (IOException e) {
      throw new UserInputException(file + ": cannot write the bench table: " + e.getMessage(), e);
    }
  }
}
