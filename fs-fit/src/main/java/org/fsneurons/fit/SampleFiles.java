package org.fsneurons.fit;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.fsneurons.core.UserInputException;

/**
 * Reads fit inputs from CSV files (Apache Commons CSV, comma-separated, blank lines and lines
 * starting with '#' skipped). An optional header line names the columns. Any problem is a {@link
 * UserInputException} naming the file, the line and what was found.
 *
 * <ul>
 *   <li>{@link #readXY}: target samples, two numbers per line {@code x,y} (header {@code x,y}
 *       optional);
 *   <li>{@link #readXW}: input samples, {@code x} or {@code x,w} per line (header {@code x} or
 *       {@code x,w} optional; a missing weight is 1).
 * </ul>
 */
public final class SampleFiles {
  private SampleFiles() {}

  /** Target samples (x, y) for {@link FitTarget.Samples}. */
  public static FitTarget.Samples readXY(Path file) {
    List<double[]> rows = read(file, 2, 2, new String[] {"x", "y"}, "two numbers x,y", false);
    if (rows.size() < 2) {
      throw new UserInputException(file + ": need at least 2 samples x,y, found " + rows.size());
    }
    double[] xs = new double[rows.size()];
    double[] ys = new double[rows.size()];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = rows.get(i)[0];
      ys[i] = rows.get(i)[1];
    }
    try {
      return new FitTarget.Samples(file.toString(), xs, ys);
    } catch (IllegalArgumentException e) {
      throw new UserInputException(e.getMessage(), e);
    }
  }

  /** Input samples with optional weights for {@link InputWeighting.Samples}. */
  public static InputWeighting.Samples readXW(Path file) {
    List<double[]> rows =
        read(file, 1, 2, new String[] {"x", "w"}, "a number x or two numbers x,w (w >= 0)", true);
    if (rows.size() < 2) {
      throw new UserInputException(file + ": need at least 2 input samples, found " + rows.size());
    }
    float[] xs = new float[rows.size()];
    double[] ws = new double[rows.size()];
    for (int i = 0; i < xs.length; i++) {
      double[] r = rows.get(i);
      xs[i] = (float) r[0];
      ws[i] = r.length > 1 ? r[1] : 1.0;
    }
    try {
      return new InputWeighting.Samples(file.toString(), xs, ws);
    } catch (IllegalArgumentException e) {
      throw new UserInputException(file + ": " + e.getMessage(), e);
    }
  }

  /** Rows of numbers; {@code weighted}: a second column is a weight, which must be &gt;= 0. */
  private static List<double[]> read(
      Path file, int minCols, int maxCols, String[] header, String expected, boolean weighted) {
    CSVFormat format =
        CSVFormat.DEFAULT
            .builder()
            .setCommentMarker('#')
            .setIgnoreEmptyLines(true)
            .setIgnoreSurroundingSpaces(true)
            .get();
    List<double[]> rows = new ArrayList<>();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        CSVParser parser = CSVParser.parse(in, format)) {
      boolean first = true;
      for (CSVRecord rec : parser) {
        long line = parser.getCurrentLineNumber();
        if (first && isHeader(rec, header)) {
          first = false;
          continue;
        }
        first = false;
        if (rec.size() < minCols || rec.size() > maxCols) {
          throw new UserInputException(
              file + ":" + line + ": expected " + expected + ", found '" + text(rec) + "'");
        }
        double[] r = new double[rec.size()];
        for (int c = 0; c < rec.size(); c++) {
          String v = rec.get(c);
          try {
            r[c] = Double.parseDouble(v);
          } catch (NumberFormatException e) {
            throw new UserInputException(
                file + ":" + line + ": expected " + expected + ", found '" + text(rec) + "'");
          }
          if (!Double.isFinite(r[c])) {
            throw new UserInputException(
                file + ":" + line + ": numbers must be finite, found '" + text(rec) + "'");
          }
          // x (and a target's y) become float32 in the neuron: beyond it they are infinite
          boolean weight = weighted && c == 1;
          if (!weight && Math.abs(r[c]) > Float.MAX_VALUE) {
            throw new UserInputException(
                file
                    + ":"
                    + line
                    + ": numbers must be within float32 (|v| <= "
                    + Float.MAX_VALUE
                    + "; the FS neuron computes in float32), found '"
                    + text(rec)
                    + "'");
          }
        }
        if (weighted && r.length == 2 && r[1] < 0) {
          throw new UserInputException(
              file + ":" + line + ": weight must be >= 0, found '" + text(rec) + "'");
        }
        rows.add(r);
      }
    } catch (IOException | UncheckedIOException e) {
      throw new UserInputException(file + ": cannot read samples (" + e.getMessage() + ")", e);
    } catch (IllegalStateException e) {
      // Commons CSV reports malformed quoting as IllegalStateException/UncheckedIOException
      throw new UserInputException(
          file + ": malformed CSV (" + e.getMessage() + "); expected " + expected, e);
    }
    return rows;
  }

  private static boolean isHeader(CSVRecord rec, String[] header) {
    if (rec.size() == 0) {
      return false;
    }
    for (int c = 0; c < rec.size(); c++) {
      if (c >= header.length || !rec.get(c).toLowerCase(Locale.ROOT).equals(header[c])) {
        return false;
      }
    }
    return true;
  }

  private static String text(CSVRecord rec) {
    return String.join(",", rec.toList());
  }
}
