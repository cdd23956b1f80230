package org.fsneurons.experiments.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.fsneurons.core.UserInputException;
import org.fsneurons.core.approx.ApproxStats;
import org.fsneurons.core.approx.Approximation;
import org.fsneurons.core.approx.InputPoints;
import org.fsneurons.core.coeff.CoefficientSet;
import org.fsneurons.core.coeff.CoefficientSets;
import org.fsneurons.core.coeff.TargetFunction;
import org.fsneurons.experiments.plot.Plots;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

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

  @Option(names = "--coeffs", required = true, paramLabel = "NAME|FILE.json",
      description = "A bundled set (${COMPLETION-CANDIDATES:-relu, sigmoid, swish, ...}) or a coefficient JSON file.")
  String coeffs;

  @Option(names = "--target", paramLabel = "FN",
      description = "Target function (relu, sigmoid, swish, gelu, tanh, ...); default: the set's own target.")
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
    @Option(names = "--uniform", required = true, paramLabel = "LO,HI",
        description = "Evenly spaced points from LO to HI, both included.")
    String range;

    @Option(names = "--points", paramLabel = "N", defaultValue = "100000",
        description = "Number of points (default ${DEFAULT-VALUE}).")
    int n;
  }

  static final class Normal {
    @Option(names = "--normal", required = true, paramLabel = "MEAN,STD",
        description = "Samples from N(MEAN, STD^2).")
    String dist;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "1000000",
        description = "Number of samples (default ${DEFAULT-VALUE}).")
    int n;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed (default ${DEFAULT-VALUE}).")
    long seed;
  }

  @Option(names = "--plot", paramLabel = "FILE.png", description = "Draw the FS function over its target.")
  Path plot;

  @Override
  public Integer call() {
    CoefficientSet set = CoefficientSets.resolve(coeffs);
    TargetFunction fn = target != null ? TargetFunction.parse(target) : set.target();
    if (fn == null) {
      throw new UserInputException(coeffs + ": the set names no target; give --target (one of "
          + TargetFunction.allowed() + ")");
    }
    float[] xs;
    double lo;
    double hi;
    try {
      if (points.uniform != null) {
        double[] r = Ranges.pair("--uniform", points.uniform.range);
        xs = InputPoints.uniform(r[0], r[1], points.uniform.n);
        lo = r[0];
        hi = r[1];
      } else {
        double[] r = Ranges.pair("--normal", points.normal.dist);
        xs = InputPoints.normal(r[0], r[1], points.normal.n, points.normal.seed);
        lo = r[0] - 4 * r[1];
        hi = r[0] + 4 * r[1];
      }
    } catch (IllegalArgumentException e) {
      throw new UserInputException(e.getMessage(), e);
    }
    ApproxStats st = Approximation.measure(set.params(), fn::apply, xs);
    PrintWriter out = spec.commandLine().getOut();
    out.println("coeffs: " + set.name());
    out.println("target: " + fn.id());
    out.println("points: " + st.points());
    out.println("mse: " + st.mse());
    out.println("max_abs_error: " + st.maxAbsError());
    out.println("mean_spikes: " + st.meanSpikes());
    out.println("pieces: " + org.fsneurons.core.compiled.CompiledFs.compile(set.params()).pieces());
    out.println("k: " + set.k());
    if (plot != null) {
      Plots.approximation(set, fn, lo, hi, plot);
      out.println("plot: " + plot);
    }
    out.flush();
    return 0;
  }
}
