package org.fsneurons.experiments.results;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.fsneurons.experiments.config.Expectation;

/**
 * What {@code ./fs check} reports from a results table: each metric that missed its expectation,
 * each experiment that failed without a metric to blame (an error), and — not regressions — the
 * skipped and interrupted experiments with their reasons. A measured experiment (no expectation) is
 * counted, never a regression. The rows of a passed or measured experiment are judged again from
 * their values: a NaN, an infinity, a missing value or a number outside its expectation is a
 * regression whatever the table's status and check columns say.
 */
public record Regressions(
    List<ResultRow> failedChecks,
    List<ResultRow> errors,
    Map<String, String> skipped,
    Map<String, String> interrupted,
    int passed,
    int measured,
    int experiments) {

  public Regressions {
    failedChecks = List.copyOf(failedChecks);
    errors = List.copyOf(errors);
    skipped = Collections.unmodifiableMap(new LinkedHashMap<>(skipped));
    interrupted = Collections.unmodifiableMap(new LinkedHashMap<>(interrupted));
  }

  /** True when nothing regressed. */
  public boolean ok() {
    return failedChecks.isEmpty() && errors.isEmpty();
  }

  /** Analyses the rows of one table (normally results/latest.csv). */
  public static Regressions of(List<ResultRow> rows) {
    List<ResultRow> failed = new ArrayList<>();
    Map<String, String> skipped = new LinkedHashMap<>();
    Map<String, String> interrupted = new LinkedHashMap<>();
    Map<String, Status> status = new LinkedHashMap<>();
    Map<String, ResultRow> firstRow = new LinkedHashMap<>();
    for (ResultRow r : rows) {
      status.put(r.experiment(), r.status());
      firstRow.putIfAbsent(r.experiment(), r);
      // a check column is only trusted with the status it belongs to: an interrupted or skipped
      // experiment checked nothing, and a measured one had nothing to check
      switch (r.status()) {
        case SKIPPED -> skipped.put(r.experiment(), r.reason());
        case INTERRUPTED -> interrupted.put(r.experiment(), r.reason());
        case FAILED -> {
          if (r.check().isRegression()) {
            failed.add(r);
          }
        }
        case PASSED, MEASURED -> {
          ResultRow wrong = wrongSuccess(r);
          if (wrong != null) {
            failed.add(wrong);
          }
        }
      }
    }
    Set<String> blamed = failed.stream().map(ResultRow::experiment).collect(Collectors.toSet());
    List<ResultRow> errors = new ArrayList<>();
    status.forEach(
        (experiment, s) -> {
          if (s == Status.FAILED && !blamed.contains(experiment)) {
            errors.add(firstRow.get(experiment));
          }
        });
    status.replaceAll((experiment, s) -> blamed.contains(experiment) ? Status.FAILED : s);
    int passed = Collections.frequency(status.values(), Status.PASSED);
    int measured = Collections.frequency(status.values(), Status.MEASURED);
    return new Regressions(failed, errors, skipped, interrupted, passed, measured, status.size());
  }

  /**
   * A row of a passed or measured experiment that is not what its status claims (a table edited by
   * hand, or written by another version): its value does not meet its expectation, is missing or is
   * not a finite number, or its check column records a regression. The value is checked again here,
   * never taken from the check column. Returns the row with the check it really has, or null when
   * the row is sound.
   */
  private static ResultRow wrongSuccess(ResultRow r) {
    Expectation x = r.expectation();
    Double v = r.value();
    Check real =
        x == null ? Check.NONE : v == null ? Check.MISSING : x.holds(v) ? Check.OK : Check.FAIL;
    if (v != null && !Double.isFinite(v)) {
      real = Check.FAIL;
    }
    if (!real.isRegression() && r.check().isRegression()) {
      real = r.check();
    }
    if (!real.isRegression()) {
      return null;
    }
    return new ResultRow(
        r.timestamp(),
        r.experiment(),
        r.kind(),
        Status.FAILED,
        r.reason(),
        r.metric(),
        v,
        x,
        real,
        r.source(),
        r.gitCommit(),
        r.localId());
  }
}
