package org.fsneurons.experiments.runner;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
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

  /**
   * {@code passed: N failed: N skipped: N measured: N interrupted: N}: the statuses in their
   * declaration order.
   */
  public String line() {
    return Arrays.stream(Status.values())
        .map(s -> s.id() + ": " + count(s))
        .collect(Collectors.joining(" "));
  }
}
