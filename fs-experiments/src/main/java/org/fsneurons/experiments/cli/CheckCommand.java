package org.fsneurons.experiments.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.fsneurons.core.UserInputException;
import org.fsneurons.experiments.results.Regressions;
import org.fsneurons.experiments.results.ResultRow;
import org.fsneurons.experiments.results.ResultsTable;
import org.fsneurons.experiments.runner.RunLoop;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./fs check}: regression check of a results table against its expectations. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Check the last run's results against their expectations.",
      "Lists each regression (experiment, metric, expected, got, source) and exits 1 if there is one; exits 0 when"
          + " every expectation held. Skipped and interrupted experiments are listed with their reasons and are no"
          + " regression; measured ones (no expectation) are counted."
    })
public final class CheckCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--results",
      paramLabel = "FILE",
      description = "Results table (default: $FS_HOME/results/latest.csv).")
  Path results;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Path file =
        results != null ? results : Workspace.of(spec).results(null).resolve(RunLoop.LATEST_CSV);
    List<ResultRow> rows = ResultsTable.read(file);
    if (rows.isEmpty()) {
      throw new UserInputException(file + ": no results in the table; run './fs run' first");
    }
    Regressions r = Regressions.of(rows);
    for (ResultRow f : r.failedChecks()) {
      out.printf(
          Locale.ROOT,
          "REGRESSION %s %s: expected %s, got %s%s%n",
          f.experiment(),
          f.metric(),
          f.expectation() == null ? "?" : f.expectation().describe(),
          f.value() == null ? "nothing (" + f.check().id() + ")" : f.value(),
          source(f));
    }
    for (ResultRow f : r.errors()) {
      out.println("FAILED     " + f.experiment() + ": " + f.reason() + source(f));
    }
    out.printf(
        Locale.ROOT,
        "checked %d experiments in %s: passed %d, regressions %d, skipped %d, measured %d,"
            + " interrupted %d%n",
        r.experiments(),
        file,
        r.passed(),
        r.failedChecks().size() + r.errors().size(),
        r.skipped().size(),
        r.measured(),
        r.interrupted().size());
    r.skipped().forEach((name, why) -> out.println("  skipped " + name + ": " + why));
    r.interrupted().forEach((name, why) -> out.println("  interrupted " + name + ": " + why));
    out.flush();
    return r.ok() ? 0 : 1;
  }

  private static String source(ResultRow f) {
    return f.source().isEmpty() ? "" : " (source: " + f.source() + ")";
  }
}
