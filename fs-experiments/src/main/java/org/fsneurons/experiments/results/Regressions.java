package org.fsneurons.experiments.results;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code ./fs check} reports from a results table: each metric that missed its expectation, each experiment
 * that failed without a metric to blame (an error), and the skipped experiments with their reasons.
 */
public record Regressions(List<ResultRow> failedChecks, List<ResultRow> errors, Map<String, String> skipped,
    int passed, int experiments) {

  public Regressions {
    failedChecks = List.copyOf(failedChecks);
    errors = List.copyOf(errors);
    skipped = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(skipped));
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
    Map<String, Status> status = new LinkedHashMap<>();
    Map<String, Boolean> blamed = new LinkedHashMap<>();
    Map<String, ResultRow> firstRow = new LinkedHashMap<>();
    for (ResultRow r : rows) {
      status.put(r.experiment(), r.status());
      firstRow.putIfAbsent(r.experiment(), r);
      if (r.status() == Status.SKIPPED) {
        skipped.put(r.experiment(), r.reason());
      }
      if (r.check().isRegression()) {
        failed.add(r);
        blamed.put(r.experiment(), true);
      }
    }
    int passed = 0;
    for (Map.Entry<String, Status> e : status.entrySet()) {
      if (e.getValue() == Status.FAILED && !blamed.containsKey(e.getKey())) {
        errors.add(firstRow.get(e.getKey()));
      }
      if (e.getValue() == Status.PASSED) {
        passed++;
      }
    }
    return new Regressions(failed, errors, skipped, passed, status.size());
  }
}
