package org.fsneurons.experiments.runner;

import java.awt.AWTError;
import java.nio.file.Path;
import org.fsneurons.core.UserInputException;
import org.fsneurons.core.approx.InputDistribution;
import org.fsneurons.core.coeff.CoefficientFiles;
import org.fsneurons.core.coeff.CoefficientSet;
import org.fsneurons.core.coeff.TargetFunction;
import org.fsneurons.experiments.config.ApproximationSpec;
import org.fsneurons.experiments.config.ResolvedExperiment;
import org.fsneurons.experiments.plot.Plots;
import org.fsneurons.fit.ApproxReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code kind: approximation}: measures a coefficient set against its target on evenly spaced
 * points or normal samples (as {@code ./fs approx}). Metrics: {@code mse}, {@code max_abs_error},
 * {@code mean_spikes}, {@code k}, {@code points}. Params: {@code coeffs.name}, {@code
 * coeffs.sha256}, {@code k}, {@code target}, the point count. Artifacts: the coefficient JSON and a
 * PNG of the FS function over its target.
 */
public final class ApproximationRunner {
  private static final Logger LOG = LoggerFactory.getLogger(ApproximationRunner.class);

  private ApproximationRunner() {}

  public static Measurement run(ResolvedExperiment e, RunContext ctx) {
    ApproximationSpec a = e.spec(ApproximationSpec.class);
    CoefficientSet set = Inputs.coefficients(a.coeffs, e);
    TargetFunction fn = a.target != null ? TargetFunction.parse(a.target) : set.target();
    if (fn == null) {
      throw new UserInputException(
          String.format(
              "coefficient set '%s' names no target; add 'target:' (one of %s)",
              set.name(), TargetFunction.allowed()));
    }
    Measurement.Builder m = Measurement.builder();
    InputDistribution inputs;
    if (a.uniform != null) {
      int n = a.points == null ? InputDistribution.DEFAULT_POINTS : a.points;
      inputs = new InputDistribution.Uniform(a.uniform.get(0), a.uniform.get(1), n);
      m.param("points", n);
    } else {
      int n = a.samples == null ? InputDistribution.DEFAULT_SAMPLES : a.samples;
      inputs = new InputDistribution.Normal(a.normal.get(0), a.normal.get(1), n, a.seed);
      m.param("samples", n);
    }
    ApproxReport.measure(set, fn, inputs).metrics().forEach(m::metric); // as ./fs approx
    m.param("coeffs.name", set.name())
        .param("coeffs.sha256", CoefficientFiles.sha256(set))
        .param("k", set.k())
        .param("target", fn.id());
    // the name comes from the coefficient file: one plain file name whatever it holds ('/', '..')
    String file = set.fileStem();
    Path json = ctx.artifactDir().resolve("coeffs-" + file + ".json");
    CoefficientFiles.write(set, json);
    m.artifact(json);
    Path png = ctx.artifactDir().resolve("approximation-" + file + ".png");
    try {
      Plots.approximation(set, fn, inputs.lo(), inputs.hi(), png);
      m.artifact(png);
    } catch (RuntimeException | AWTError | LinkageError ex) {
      // a plot is a picture of numbers already measured: losing it must not lose them
      LOG.warn("{}: plot not written ({})", e.name(), ex.toString());
    }
    return m.build();
  }
}
