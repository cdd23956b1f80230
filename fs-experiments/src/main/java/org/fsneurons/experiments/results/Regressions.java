package org.fsneurons.experiments.results;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

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
        default -> {}
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
    int passed = Collections.frequency(status.values(), Status.PASSED);
    int measured = Collections.frequency(status.values(), Status.MEASURED);
    return new Regressions(failed, errors, skipped, interrupted, passed, measured, status.size());
  }
}
