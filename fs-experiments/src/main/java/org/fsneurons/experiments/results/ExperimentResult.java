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
    String timestamp,
    String experiment,
    String kind,
    Status status,
    String reason,
    Map<String, Double> metrics,
    List<Expectation> expectations,
    Map<String, Check> checks,
    String source,
    String gitCommit,
    String localId) {

  public ExperimentResult {
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    expectations = List.copyOf(expectations);
    checks = Collections.unmodifiableMap(new LinkedHashMap<>(checks));
    reason = reason == null ? "" : reason;
  }

  /** Decides status and checks from what was measured. */
  public static ExperimentResult evaluate(
      String timestamp,
      String experiment,
      String kind,
      Map<String, Double> metrics,
      List<Expectation> expectations,
      String skipReason,
      String error,
      String source,
      String gitCommit,
      String localId) {
    Map<String, Check> checks = new LinkedHashMap<>();
    Status status;
    String reason;
    if (skipReason != null) {
      status = Status.SKIPPED;
      reason = skipReason;
      expectations.forEach(x -> checks.put(x.metric(), Check.NONE));
    } else {
      List<String> failures = new ArrayList<>();
      for (Expectation x : expectations) {
        Double got = metrics.get(x.metric());
        Check c;
        if (got == null) {
          c = error != null ? Check.NONE : Check.MISSING;
          if (error == null) {
            failures.add(x.metric() + " missing (expected " + x.describe() + ")");
          }
        } else if (!Double.isFinite(got)) {
          c = Check.FAIL;
          failures.add(
              x.metric() + " = " + got + " (not a finite number), expected " + x.describe());
        } else if (x.holds(got)) {
          c = Check.OK;
        } else {
          c = Check.FAIL;
          failures.add(x.metric() + " = " + got + ", expected " + x.describe());
        }
        checks.put(x.metric(), c);
      }
      for (Map.Entry<String, Double> m : metrics.entrySet()) {
        if (!Double.isFinite(m.getValue()) && !checks.containsKey(m.getKey())) {
          failures.add(m.getKey() + " = " + m.getValue() + " (not a finite number)");
        }
      }
      if (error != null) {
        status = Status.FAILED;
        reason = error;
      } else if (!failures.isEmpty()) {
        status = Status.FAILED;
        reason = String.join("; ", failures);
      } else if (expectations.isEmpty()) {
        status = Status.MEASURED;
        reason = "";
      } else {
        status = Status.PASSED;
        reason = "";
      }
    }
    return new ExperimentResult(
        timestamp,
        experiment,
        kind,
        status,
        reason,
        metrics,
        expectations,
        checks,
        source,
        gitCommit,
        localId);
  }

  /**
   * An experiment stopped by the user while it ran: status interrupted, whatever it measured so far
   * (no check is made: partial numbers neither pass nor fail), {@code reason} says what stopped it.
   */
  public static ExperimentResult interrupted(
      String timestamp,
      String experiment,
      String kind,
      Map<String, Double> metrics,
      List<Expectation> expectations,
      String reason,
      String source,
      String gitCommit,
      String localId) {
    Map<String, Check> checks = new LinkedHashMap<>();
    expectations.forEach(x -> checks.put(x.metric(), Check.NONE));
    return new ExperimentResult(
        timestamp,
        experiment,
        kind,
        Status.INTERRUPTED,
        reason,
        metrics,
        expectations,
        checks,
        source,
        gitCommit,
        localId);
  }

  /**
   * Rows: every measured metric (with its expectation, if any), then expectations whose metric is
   * absent.
   */
  public List<ResultRow> rows() {
    List<ResultRow> rows = new ArrayList<>();
    Map<String, Expectation> byMetric = new LinkedHashMap<>();
    expectations.forEach(x -> byMetric.put(x.metric(), x));
    for (Map.Entry<String, Double> m : metrics.entrySet()) {
      Expectation x = byMetric.remove(m.getKey());
      rows.add(
          row(
              m.getKey(),
              m.getValue(),
              x,
              x == null ? Check.NONE : checks.getOrDefault(m.getKey(), Check.NONE)));
    }
    for (Expectation x : byMetric.values()) {
      rows.add(row(x.metric(), null, x, checks.getOrDefault(x.metric(), Check.NONE)));
    }
    if (rows.isEmpty()) {
      rows.add(row("", null, null, Check.NONE));
    }
    return rows;
  }

  private ResultRow row(String metric, Double value, Expectation x, Check check) {
    return new ResultRow(
        timestamp,
        experiment,
        kind,
        status,
        reason,
        metric,
        value,
        x,
        check,
        source,
        gitCommit,
        localId);
  }
}
