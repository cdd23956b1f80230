package org.fsneurons.experiments.results;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fsneurons.experiments.config.Expectation;

/**
 * The outcome of one experiment: status, reason, measured metrics and the check of each
 * expectation. Built by {@link #evaluate}: skipped if {@code skipReason} is given; failed if {@code
 * error} is given, an expectation fails, its metric is missing, or any reported metric is not a
 * finite number (NaN never meets an expectation); passed when at least one expectation was checked
 * and held; measured when there was nothing to check. {@link #interrupted} records an experiment
 * stopped by the user.
 */
public record ExperimentResult(
    RunId id,
    Status status,
    String reason,
    Map<String, Double> metrics,
    List<Expectation> expectations,
    Map<String, Check> checks) {

  public ExperimentResult {
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    expectations = List.copyOf(expectations);
    checks = Collections.unmodifiableMap(new LinkedHashMap<>(checks));
    reason = reason == null ? "" : reason;
  }

  /** Decides status and checks from what was measured. */
  public static ExperimentResult evaluate(
      RunId id,
      Map<String, Double> metrics,
      List<Expectation> expectations,
      String skipReason,
      String error) {
    boolean skipped = skipReason != null;
    Map<String, Check> checks = new LinkedHashMap<>();
    List<String> failures = new ArrayList<>();
    for (Expectation x : expectations) {
      Double got = metrics.get(x.metric());
      checks.put(x.metric(), skipped ? Check.NONE : check(x, got, error != null, failures));
    }
    metrics.forEach(
        (metric, value) -> {
          if (!skipped && !Double.isFinite(value) && !checks.containsKey(metric)) {
            failures.add(metric + " = " + value + " (not a finite number)");
          }
        });
    Status status =
        skipped
            ? Status.SKIPPED
            : error != null || !failures.isEmpty()
                ? Status.FAILED
                : expectations.isEmpty() ? Status.MEASURED : Status.PASSED;
    String reason = skipped ? skipReason : error != null ? error : String.join("; ", failures);
    return new ExperimentResult(id, status, reason, metrics, expectations, checks);
  }

  /**
   * The check of one expectation; a failure's description goes to {@code failures}. A metric
   * missing after an error is not checked (the error is the reason).
   */
  private static Check check(Expectation x, Double got, boolean error, List<String> failures) {
    if (got == null) {
      if (!error) {
        failures.add(x.metric() + " missing (expected " + x.describe() + ")");
      }
      return error ? Check.NONE : Check.MISSING;
    }
    boolean finite = Double.isFinite(got);
    if (finite && x.holds(got)) {
      return Check.OK;
    }
    String notFinite = finite ? "" : " (not a finite number)";
    failures.add(x.metric() + " = " + got + notFinite + ", expected " + x.describe());
    return Check.FAIL;
  }

  /**
   * An experiment stopped by the user while it ran: status interrupted, whatever it measured so far
   * (no check is made: partial numbers neither pass nor fail), {@code reason} says what stopped it.
   */
  public static ExperimentResult interrupted(
      RunId id, Map<String, Double> metrics, List<Expectation> expectations, String reason) {
    Map<String, Check> checks = new LinkedHashMap<>();
    expectations.forEach(x -> checks.put(x.metric(), Check.NONE));
    return new ExperimentResult(id, Status.INTERRUPTED, reason, metrics, expectations, checks);
  }

  /**
   * Rows: every measured metric (with its expectation, if any), then expectations whose metric is
   * absent.
   */
  public List<ResultRow> rows() {
    Map<String, Expectation> byMetric = new LinkedHashMap<>();
    expectations.forEach(x -> byMetric.put(x.metric(), x));
    List<ResultRow> rows = new ArrayList<>();
    metrics.forEach((metric, value) -> rows.add(row(metric, value, byMetric.remove(metric))));
    byMetric.values().forEach(x -> rows.add(row(x.metric(), null, x)));
    if (rows.isEmpty()) {
      rows.add(row("", null, null));
    }
    return rows;
  }

  private ResultRow row(String metric, Double value, Expectation x) {
    Check check = x == null ? Check.NONE : checks.getOrDefault(metric, Check.NONE);
    return new ResultRow(
        id.timestamp(),
        id.experiment(),
        id.kind(),
        status,
        reason,
        metric,
        value,
        x,
        check,
        id.source(),
        id.gitCommit(),
        id.localId());
  }
}
