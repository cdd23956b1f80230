package org.fsneurons.experiments.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import org.fsneurons.core.UserInputException;
import org.fsneurons.core.coeff.CoefficientFiles;
import org.fsneurons.core.coeff.CoefficientSet;
import org.fsneurons.core.coeff.TargetFunction;
import org.fsneurons.experiments.config.Setting;
import org.fsneurons.fit.FitFiles;
import org.fsneurons.fit.FitListener;
import org.fsneurons.fit.FitOptions;
import org.fsneurons.fit.FitProgress;
import org.fsneurons.fit.FitReport;
import org.fsneurons.fit.FitRequest;
import org.fsneurons.fit.FitResult;
import org.fsneurons.fit.FitTarget;
import org.fsneurons.fit.FsFitter;
import org.fsneurons.fit.InputWeighting;
import org.fsneurons.fit.Quantization;
import org.fsneurons.fit.SampleFiles;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./fs fit}: fit FS coefficients to an activation or to samples. */
@Command(
    name = "fit",
    mixinStandardHelpOptions = true,
    description = {
      "Fit FS coefficients (h, T, d) to a target activation for a given input distribution.",
      "Progress goes to stderr; at the end key: value lines on stdout: mse and mean_spikes measured as './fs approx'"
          + " measures them (uniform: 100000 evenly spaced points; normal: 10^6 samples, seed 1), seconds, out."
    })
public final class FitCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @ArgGroup(exclusive = true, multiplicity = "1")
  What what;

  static final class What {
    @Option(
        names = "--target",
        paramLabel = "NAME",
        description =
            "Target activation: relu, sigmoid, swish (silu), gelu, tanh, softplus, elu, leaky_relu,"
                + " hardswish, mish.")
    String target;

    @Option(
        names = "--target-csv",
        paramLabel = "FILE.csv",
        description =
            "Target given as points, one 'x,y' per line (header 'x,y' optional); linear interpolation"
                + " between.")
    Path samples;

    /** The name before 0.2 (approx's --samples is a count): still read, not shown. */
    @Option(names = "--samples", paramLabel = "FILE.csv", hidden = true)
    Path oldSamples;

    Path targetCsv() {
      return samples != null ? samples : oldSamples;
    }
  }

  @Option(
      names = "--k",
      required = true,
      paramLabel = "K",
      description = "Number of time steps (1..63).")
  int k;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Inputs inputs;

  static final class Inputs {
    @Option(
        names = "--uniform",
        paramLabel = "LO,HI",
        description = "Inputs spread evenly over [LO, HI].")
    String uniform;

    @Option(
        names = "--normal",
        paramLabel = "MEAN,STD",
        description = "Inputs distributed as N(MEAN, STD^2).")
    String normal;

    @Option(
        names = "--inputs",
        paramLabel = "FILE.csv",
        description = "Input samples, one 'x' or 'x,w' (weight) per line; header optional.")
    Path inputs;
  }

  @Option(
      names = "--importance",
      paramLabel = "MEAN,STD",
      description =
          "With --uniform: weight inputs by the official piecewise importance of find_coeffs.py"
              + " (0.5 at the ends, 10-11 within MEAN +- 2 STD).")
  String importance;

  @Option(
      names = "--quant-bits",
      paramLabel = "Q",
      description = "Quantise h, T, d to Q bits (2..16).")
  Integer quantBits;

  @Option(
      names = "--quant-range",
      paramLabel = "A,B",
      description = "Quantisation range (default -8,8 as the official find_quantized_coeffs.py).")
  String quantRange;

  @Option(
      names = "--seed",
      paramLabel = "S",
      defaultValue = "" + FitOptions.DEFAULT_SEED,
      description = "Seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--restarts",
      paramLabel = "R",
      description = "Restarts (default " + FitOptions.DEFAULT_RESTARTS + ").")
  Integer restarts;

  @Option(
      names = "--time-limit",
      paramLabel = "SEC",
      defaultValue = "0",
      description =
          "Wall-clock limit in seconds (0: none). A fit that reaches it depends on the machine's speed.")
  double timeLimit;

  @Option(
      names = "--threads",
      paramLabel = "N",
      defaultValue = "0",
      description = "Worker threads (default: all processors).")
  int threads;

  @Option(
      names = "--spike-weight",
      paramLabel = "W",
      defaultValue = "0",
      description =
          "Penalty per mean spike added to the MSE (default ${DEFAULT-VALUE}); e.g. 3e-4 trades a little"
              + " MSE for fewer spikes.")
  double spikeWeight;

  @Option(
      names = "--voltage-weight",
      paramLabel = "W",
      defaultValue = "" + FitOptions.DEFAULT_VOLTAGE_WEIGHT,
      description =
          "Weight of the official voltage regulariser in the surrogate loss (default ${DEFAULT-VALUE}).")
  double voltageWeight;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description = "Name of the set (default: the output file's name).")
  String name;

  @Option(
      names = {"-o", "--out"},
      required = true,
      paramLabel = "FILE.json",
      description = "Coefficient file.")
  Path out;

  @Override
  public Integer call() {
    // checked before fitting: a fit must not run and then find it cannot write its result
    String targetCsv = what.samples != null ? "--target-csv" : "--samples";
    Flags.output("--out", out, targetCsv, what.targetCsv(), "--inputs", inputs.inputs);
    FitRequest req = request();
    PrintWriter err = spec.commandLine().getErr();
    FitResult r;
    try (Bar bar = new Bar(err)) {
      r = FsFitter.fit(req, bar);
    }
    // the root command's original arguments: "fit --target ..." (with any global options before it)
    String command =
        "./fs " + String.join(" ", spec.root().commandLine().getParseResult().originalArgs());
    CoefficientSet set =
        r.set().withParams(r.set().name(), r.set().params(), Map.of("command", command));
    Path written;
    try {
      written = FitFiles.writeOrRescue(set, out);
    } catch (RuntimeException e) {
      err.println(CoefficientFiles.toJson(set));
      err.flush();
      throw new UserInputException(
          "--out "
              + out
              + ": cannot write the fitted set ("
              + e.getMessage()
              + "); its JSON is printed above",
          e);
    }
    PrintWriter o = spec.commandLine().getOut();
    FitReport.lines(req, r, written).forEach(o::println);
    o.flush();
    if (!written.equals(out)) {
      throw new UserInputException(
          "--out "
              + out
              + ": could not be written after the fit; the fitted set was saved "
              + "to "
              + written
              + " instead");
    }
    return 0;
  }

  private FitRequest request() {
    Setting.K.flag(k);
    FitTarget target =
        what.target != null
            ? FitTarget.of(parseTarget(what.target))
            : SampleFiles.readXY(what.targetCsv());
    InputWeighting weighting;
    String flag =
        inputs.uniform == null
            ? "--normal"
            : importance == null ? "--uniform" : "--uniform/--importance";
    try {
      if (inputs.uniform != null) {
        double[] r = Ranges.pair("--uniform", inputs.uniform);
        double[] ms = importance == null ? null : Ranges.pair("--importance", importance);
        weighting =
            ms == null
                ? new InputWeighting.Uniform(r[0], r[1])
                : new InputWeighting.Importance(r[0], r[1], ms[0], ms[1]);
      } else if (inputs.normal != null) {
        double[] r = Ranges.pair("--normal", inputs.normal);
        weighting = new InputWeighting.Normal(r[0], r[1]);
      } else {
        weighting = SampleFiles.readXW(inputs.inputs);
      }
    } catch (IllegalArgumentException e) {
      throw new UserInputException(flag + ": " + e.getMessage(), e);
    }
    if (importance != null && inputs.uniform == null) {
      throw new UserInputException(
          "--importance: only with --uniform LO,HI (it weights that range)");
    }
    Quantization quant = null;
    if (quantBits != null) {
      double[] qr = quantRange == null ? null : Ranges.pair("--quant-range", quantRange);
      try {
        quant =
            qr == null
                ? Quantization.official(quantBits)
                : new Quantization(quantBits, qr[0], qr[1]);
      } catch (IllegalArgumentException e) {
        throw new UserInputException("--quant-bits/--quant-range: " + e.getMessage(), e);
      }
    } else if (quantRange != null) {
      throw new UserInputException("--quant-range: only with --quant-bits Q");
    }
    Flags.threads("--threads", threads);
    if (restarts != null) {
      Setting.RESTARTS.flag(restarts);
    }
    Setting.TIME_LIMIT.flag(timeLimit);
    Flags.nonNegative("--spike-weight", spikeWeight);
    Flags.nonNegative("--voltage-weight", voltageWeight);
    FitOptions o;
    try {
      o =
          FitOptions.defaults()
              .withSeed(seed)
              .withTimeLimit(timeLimit)
              .withThreads(threads)
              .withSpikeWeight(spikeWeight)
              .withVoltageWeight(voltageWeight);
      if (restarts != null) {
        o = o.withRestarts(restarts);
      }
    } catch (IllegalArgumentException e) {
      throw new UserInputException(e.getMessage(), e);
    }
    String setName =
        name != null ? name : out.getFileName().toString().replaceFirst("\\.json$", "");
    if (setName.isBlank()) {
      throw new UserInputException("--name: the set needs a non-blank name");
    }
    return new FitRequest(setName, target, k, weighting, quant, o);
  }

  private static TargetFunction parseTarget(String name) {
    try {
      return TargetFunction.parse(name);
    } catch (UserInputException e) {
      throw new UserInputException("--target: " + e.getMessage(), e);
    }
  }

  /** Progress on stderr: a bar on a terminal, otherwise one line per finished restart. */
  private static final class Bar implements FitListener, AutoCloseable {
    private final PrintWriter err;
    private final boolean terminal = System.console() != null;
    private ProgressBar bar;

    Bar(PrintWriter err) {
      this.err = err;
    }

    @Override
    public void onProgress(FitProgress p) {
      String msg =
          String.format(Locale.ROOT, "best mse %.3g, spikes %.2f", p.bestMse(), p.bestSpikes());
      if (!terminal) {
        err.printf(
            Locale.ROOT,
            "fit: %s %d/%d, %s, %.1f s%n",
            p.phase(),
            p.done(),
            p.total(),
            msg,
            p.seconds());
        err.flush();
        return;
      }
      if (bar == null) {
        bar = Progress.bar("fit", p.total(), System.err);
      }
      bar.stepTo(p.done());
      bar.setExtraMessage(msg);
    }

    @Override
    public void close() {
      if (bar != null) {
        bar.close();
        bar = null;
      }
    }
  }
}
