package org.fsneurons.experiments.runner;

import java.util.List;
import org.fsneurons.experiments.results.ExperimentResult;
import org.fsneurons.experiments.results.Status;

/** The results of one {@code ./fs run}, in run order. */
public record RunSummary(List<ExperimentResult> results) {
  public RunSummary {
    results = List.copyOf(results);
  }

  public long count(Status s) {
    return results.stream().filter(r -> r.status() == s).count();
  }

  /** {@code passed: N failed: N skipped: N}. */
  public String line() {
    return "passed: " + count(Status.PASSED) + " failed: " + count(Status.FAILED) + " skipped: "
        + count(Status.SKIPPED);
  }
}
