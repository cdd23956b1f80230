package org.fsneurons.experiments.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.fsneurons.core.UserInputException;
import org.fsneurons.core.approx.ApproxStats;
import org.fsneurons.core.approx.InputDistribution;
import org.fsneurons.core.coeff.CoefficientSet;
import org.fsneurons.core.coeff.CoefficientSets;
import org.fsneurons.core.coeff.TargetFunction;
import org.fsneurons.experiments.config.Setting;
import org.fsneurons.experiments.plot.Plots;
import org.fsneurons.fit.ApproxReport;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./fs approx}: how well a coefficient set approximates its target. */
@Command(
    name = "approx",
    mixinStandardHelpOptions = true,
    description = {
      "Measure an FS coefficient set against a target activation.",
      "Prints key: value lines: mse, max_abs_error, mean_spikes, pieces, k."
    })
public final class ApproxCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--coeffs",
      required = true,
      paramLabel = "NAME|FILE.json",
      description =
          "A bundled set (${COMPLETION-CANDIDATES:-relu, sigmoid, swish, ...}) or a coefficient JSON file.")
  String coeffs;

  @Option(
      names = "--target",
      paramLabel = "FN",
      description =
          "Target function (relu, sigmoid, swish, gelu, tanh, ...); default: the set's own target.")
  String target;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Points points;

  static final class Points {
    @ArgGroup(exclusive = false)
    Uniform uniform;

    @ArgGroup(exclusive = false)
    Normal normal;
  }

  static final class Uniform {
    @Option(
        names = "--uniform",
        required = true,
        paramLabel = "LO,HI",
        description = "Evenly spaced points from LO to HI, both included.")
    String range;

    @Option(
        names = "--points",
        paramLabel = "N",
        defaultValue = "" + InputDistribution.DEFAULT_POINTS,
        description = "Number of points (default ${DEFAULT-VALUE}).")
    int n;
  }

  static final class Normal {
    @Option(
        names = "--normal",
        required = true,
        paramLabel = "MEAN,STD",
        description = "Samples from N(MEAN, STD^2).")
    String dist;

    @Option(
        names = "--samples",
        paramLabel = "N",
        defaultValue = "" + InputDistribution.DEFAULT_SAMPLES,
        description = "Number of samples (default ${DEFAULT-VALUE}).")
    int n;

    @Option(
        names = "--seed",
        paramLabel = "S",
        defaultValue = "1",
        description = "Seed (default ${DEFAULT-VALUE}).")
    long seed;
  }

  @Option(
      names = "--plot",
      paramLabel = "FILE.png",
      description =
          "Draw the FS function over its target into this PNG file (written as named) and print "
              + "'plot: FILE'.")
  Path plot;

  /**
   * Bytes per input point while measuring: x (float), target (double), FS output and spikes, and
   * their copies.
   */
  static final int BYTES_PER_POINT = 36;

  @Override
  public Integer call() {
    Flags.output("--plot", plot, "--coeffs", Flags.existingFile(coeffs));
    boolean uniform = points.uniform != null;
    String flag = uniform ? "--uniform" : "--normal";
    String value = uniform ? points.uniform.range : points.normal.dist;
    Setting count = uniform ? Setting.POINTS : Setting.SAMPLES;
    int n = count.flag(uniform ? points.uniform.n : points.normal.n);
    Flags.heap(count.flag(), "" + n, n + " " + count.key(), (double) n * BYTES_PER_POINT);
    double[] r = Ranges.pair(flag, value);
    InputDistribution inputs;
    try {
      inputs =
          uniform
              ? new InputDistribution.Uniform(r[0], r[1], n)
              : new InputDistribution.Normal(r[0], r[1], n, points.normal.seed);
    } catch (IllegalArgumentException e) {
      throw new UserInputException(flag + " " + value + ": " + e.getMessage(), e);
    }
    CoefficientSet set = CoefficientSets.resolve(coeffs);
    TargetFunction fn = target != null ? TargetFunction.parse(target) : set.target();
    if (fn == null) {
      throw new UserInputException(
          coeffs
              + ": the set names no target; give --target (one of "
              + TargetFunction.allowed()
              + ")");
    }
    ApproxReport report = ApproxReport.measure(set, fn, inputs);
    ApproxStats st = report.stats();
    if (!Double.isFinite(st.mse()) || !Double.isFinite(st.maxAbsError())) {
      throw new UserInputException(
          flag
              + " "
              + value
              + ": expected finite errors, found mse "
              + st.mse()
              + " and max_abs_error "
              + st.maxAbsError()
              + " (the target or the FS output of '"
              + set.name()
              + "' overflows on these inputs); use a narrower range");
    }
    PrintWriter out = spec.commandLine().getOut();
    report.lines().forEach(out::println);
    out.flush();
    if (plot != null) {
      Plots.approximation(set, fn, inputs.lo(), inputs.hi(), plot);
      out.println("plot: " + plot);
    }
    out.flush();
    return 0;
  }
}
