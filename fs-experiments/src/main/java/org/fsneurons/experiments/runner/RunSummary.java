package org.fsneurons.experiments.runner;

import java.util.List;
import java.util.Locale;
import org.fsneurons.experiments.results.ExperimentResult;
import org.fsneurons.experiments.results.Status;

/**
 * The results of one {@code ./fs run}, in run order; {@code interrupted} when the user stopped the
 * run (the experiments after the interrupted one did not run).
 */
public record RunSummary(List<ExperimentResult> results, boolean interrupted) {
  public RunSummary {
    results = List.copyOf(results);
  }

  public long count(Status s) {
    return results.stream().filter(r -> r.status() == s).count();
  }

  /** {@code passed: N failed: N skipped: N measured: N interrupted: N}. */
  public String line() {
    return String.format(
        Locale.ROOT,
        "passed: %d failed: %d skipped: %d measured: %d interrupted: %d",
        count(Status.PASSED),
        count(Status.FAILED),
        count(Status.SKIPPED),
        count(Status.MEASURED),
        count(Status.INTERRUPTED));
  }
}
