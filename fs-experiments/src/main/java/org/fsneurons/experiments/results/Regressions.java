package org.fsneurons.experiments.results;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code ./fs check} reports from a results table: each metric that missed its expectation,
 * each experiment that failed without a metric to blame (an error), and — not regressions — the
 * skipped and interrupted experiments with their reasons. A measured experiment (no expectation) is
 * counted, never a regression.
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
    List<ResultRow> errors = new ArrayList<>();
    Map<String, String> skipped = new LinkedHashMap<>();
    Map<String, String> interrupted = new LinkedHashMap<>();
    Map<String, Status> status = new LinkedHashMap<>();
    Map<String, Boolean> blamed = new LinkedHashMap<>();
    Map<String, ResultRow> firstRow = new LinkedHashMap<>();
    for (ResultRow r : rows) {
      status.put(r.experiment(), r.status());
      firstRow.putIfAbsent(r.experiment(), r);
      if (r.status() == Status.SKIPPED) {
        skipped.put(r.experiment(), r.reason());
      } else if (r.status() == Status.INTERRUPTED) {
        interrupted.put(r.experiment(), r.reason());
      } else if (r.status() == Status.FAILED && r.check().isRegression()) {
        // a check column is only trusted with the status it belongs to: an interrupted or skipped
        // experiment
        // checked nothing, and a measured one had nothing to check
        failed.add(r);
        blamed.put(r.experiment(), true);
      }
    }
    int passed = 0;
    int measured = 0;
    for (Map.Entry<String, Status> e : status.entrySet()) {
      if (e.getValue() == Status.FAILED && !blamed.containsKey(e.getKey())) {
        errors.add(firstRow.get(e.getKey()));
      }
      if (e.getValue() == Status.PASSED) {
        passed++;
      }
      if (e.getValue() == Status.MEASURED) {
        measured++;
      }
    }
    return new Regressions(failed, errors, skipped, interrupted, passed, measured, status.size());
  }
}
