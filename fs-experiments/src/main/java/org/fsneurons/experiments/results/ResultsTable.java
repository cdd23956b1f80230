package org.fsneurons.experiments.results;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.fsneurons.core.UserInputException;
import org.fsneurons.experiments.config.Expectation;

/**
 * The results CSV (long format: one row per metric of each experiment run). Columns, in order:
 *
 * <pre>
 * timestamp       start of the ./fs run, ISO-8601 UTC
 * experiment      experiment name
 * kind            approximation | neurons | accuracy | fit | bench
 * status          passed | failed | skipped | measured | interrupted (of the experiment, on each of its rows)
 * reason          why it failed or was skipped
 * metric          metric name (empty for an experiment without metrics)
 * value           measured value (empty if not measured)
 * expect_value    expected value (with expect_tol or expect_rel_tol), or empty
 * expect_tol      absolute tolerance
 * expect_rel_tol  relative tolerance (0.01 = 1%)
 * expect_min      lower bound (inclusive)
 * expect_max      upper bound (inclusive)
 * check           ok | fail | missing | empty (no expectation, or not run)
 * source          where the expected number comes from
 * git_commit      commit of the code that measured it ("-dirty" if it had uncommitted changes)
 * local_id        id of this experiment run; MLflow tag fs.local_id; spool entry name
 * </pre>
 *
 * Numbers are written as integers when integral, else in Java's shortest round-trip form, so a
 * table reads back to equal rows.
 */
public final class ResultsTable {
  public static final List<String> COLUMNS =
      List.of(
          "timestamp",
          "experiment",
          "kind",
          "status",
          "reason",
          "metric",
          "value",
          "expect_value",
          "expect_tol",
          "expect_rel_tol",
          "expect_min",
          "expect_max",
          "check",
          "source",
          "git_commit",
          "local_id");

  private static final CSVFormat WRITE = CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get();
  private static final CSVFormat READ =
      CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();

  /**
   * Permissions of the tables written here: rw-r--r--, like any results file (a temporary file
   * starts 0600).
   */
  private static final Set<PosixFilePermission> READABLE =
      PosixFilePermissions.fromString("rw-r--r--");

  private ResultsTable() {}

  /**
   * Replaces {@code file} with these rows (written to a temporary file, then moved into place); the
   * file is readable by everyone (0644).
   */
  public static void write(Path file, List<ResultRow> rows) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
      print(tmp, true, rows);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write results table " + file, e);
    }
  }

  /** Appends rows to {@code file}, writing the header first if the file is new or empty. */
  public static void append(Path file, List<ResultRow> rows) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      print(file, !Files.exists(file) || Files.size(file) == 0, rows);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to results table " + file, e);
    }
  }

  /** Appends rows to {@code file}; a fresh one is made readable (rw-r--r--) and gets the header. */
  private static void print(Path file, boolean fresh, List<ResultRow> rows) throws IOException {
    try (Writer w =
            Files.newBufferedWriter(
                file,
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        CSVPrinter p = new CSVPrinter(w, WRITE)) {
      if (fresh) {
        if (Files.getFileStore(file).supportsFileAttributeView(PosixFileAttributeView.class)) {
          Files.setPosixFilePermissions(file, READABLE);
        }
        p.printRecord(COLUMNS);
      }
      for (ResultRow r : rows) {
        p.printRecord(cells(r));
      }
    }
  }

  /**
   * Reads a table written by {@link #write} or {@link #append}; a malformed file is a user error.
   */
  public static List<ResultRow> read(Path file) {
    if (Files.isDirectory(file)) {
      throw new UserInputException(
          file
              + ": expected a results table (a .csv file), found a folder; e.g. "
              + file.resolve("latest.csv"));
    }
    if (!Files.isRegularFile(file)) {
      throw new UserInputException(
          file
              + ": no such results table; run './fs run' first (it writes"
              + " results/latest.csv)");
    }
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        CSVParser p = CSVParser.builder().setReader(r).setFormat(READ).get()) {
      List<String> missing = new ArrayList<>(COLUMNS);
      missing.removeAll(p.getHeaderNames());
      if (!missing.isEmpty()) {
        throw new UserInputException(
            file
                + ":1: not a results table: missing columns "
                + missing
                + "; expected "
                + String.join(",", COLUMNS));
      }
      List<ResultRow> rows = new ArrayList<>();
      for (CSVRecord c : p) {
        String at = file + ":" + (c.getRecordNumber() + 1);
        if (c.size() != p.getHeaderNames().size()) {
          throw new UserInputException(
              String.format(
                  "%s: expected %d columns as in the header, found %d",
                  at, p.getHeaderNames().size(), c.size()));
        }
        try {
          rows.add(row(c));
        } catch (UserInputException | IllegalArgumentException e) {
          throw new UserInputException(at + ": " + e.getMessage(), e);
        }
      }
      return rows;
    } catch (IOException e) {
      throw new UserInputException(
          file + ": cannot read results table (" + e.getMessage() + ")", e);
    } catch (UncheckedIOException e) {
      throw new UserInputException(file + ": malformed CSV (" + e.getMessage() + ")", e);
    }
  }

  private static List<String> cells(ResultRow r) {
    Expectation x = r.expectation();
    return Arrays.asList(
        r.timestamp(),
        r.experiment(),
        r.kind(),
        r.status().id(),
        r.reason(),
        r.metric(),
        num(r.value()),
        num(x == null ? null : x.value()),
        num(x == null ? null : x.tol()),
        num(x == null ? null : x.relTol()),
        num(x == null ? null : x.min()),
        num(x == null ? null : x.max()),
        r.check().id(),
        r.source(),
        r.gitCommit(),
        r.localId());
  }

  private static ResultRow row(CSVRecord c) {
    Double[] e =
        Stream.of("expect_value", "expect_tol", "expect_rel_tol", "expect_min", "expect_max")
            .map(col -> dbl(c, col))
            .toArray(Double[]::new);
    Expectation x =
        Arrays.stream(e).allMatch(Objects::isNull)
            ? null
            : new Expectation(c.get("metric"), e[0], e[1], e[2], e[3], e[4]);
    return new ResultRow(
        c.get("timestamp"),
        c.get("experiment"),
        c.get("kind"),
        Status.parse(c.get("status")),
        c.get("reason"),
        c.get("metric"),
        dbl(c, "value"),
        x,
        Check.parse(c.get("check")),
        c.get("source"),
        c.get("git_commit"),
        c.get("local_id"));
  }

  /**
   * Integral values without ".0" (475136, not 475136.0 or 4.75136E5); others in shortest round-trip
   * form.
   */
  public static String num(Double v) {
    return v == null ? "" : Expectation.num(v);
  }

  /** For people: integral values as integers, others with 6 significant digits. */
  public static String show(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return String.format(Locale.ROOT, "%.6g", v);
  }

  private static Double dbl(CSVRecord c, String col) {
    String s = c.get(col);
    if (s == null || s.isBlank()) {
      return null;
    }
    try {
      return Double.valueOf(s.strip());
    } catch (NumberFormatException e) {
      throw new UserInputException("column '" + col + "' must be a number, found '" + s + "'");
    }
  }
}
