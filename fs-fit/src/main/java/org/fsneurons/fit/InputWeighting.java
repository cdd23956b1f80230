package org.fsneurons.fit;

import java.util.Arrays;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.fsneurons.core.approx.InputDistribution;
import org.fsneurons.core.approx.InputPoints;

/**
 * How much each input matters: the distribution the fitted neuron will see. It yields the fit's
 * training and validation points and the points on which the result is measured (the same points
 * {@code ./fs approx} uses).
 */
public sealed interface InputWeighting {

  /** About n weighted training points (deterministic). */
  PointSet trainingPoints(int n);

  /** About n weighted validation points, disjoint from the training points (deterministic). */
  PointSet validationPoints(int n);

  /**
   * The points on which the result is measured (equally weighted, as {@code ./fs approx} measures).
   */
  float[] evaluationPoints();

  /** The range of inputs that carries nearly all weight, {lo, hi}. */
  double[] range();

  /** One-line description for provenance. */
  String describe();

  /**
   * Evenly spread inputs in [lo, hi]; measured on 100000 evenly spaced points, both ends included.
   */
  record Uniform(double lo, double hi) implements InputWeighting {
    public Uniform {
      InputPoints.checkUniform(lo, hi);
    }

    @Override
    public PointSet trainingPoints(int n) {
      return PointSet.equal(grid(lo, hi, n, 0.5));
    }

    @Override
    public PointSet validationPoints(int n) {
      return PointSet.equal(grid(lo, hi, n, 0.25));
    }

    @Override
    public float[] evaluationPoints() {
      return new InputDistribution.Uniform(lo, hi, InputDistribution.DEFAULT_POINTS).points();
    }

    @Override
    public double[] range() {
      return new double[] {lo, hi};
    }

    @Override
    public String describe() {
      return "uniform[" + lo + ", " + hi + "]";
    }
  }

  /**
   * Inputs distributed as N(mean, std²); training and validation points are quantiles, the
   * measurement uses 10^6 samples drawn with seed 1 (as {@code ./fs approx --normal}).
   */
  record Normal(double mean, double std) implements InputWeighting {
    /** The standard normal's quantile function Φ⁻¹ (Commons Math; no sampling, so no generator). */
    private static final NormalDistribution STANDARD = new NormalDistribution(null, 0, 1);

    public Normal {
      InputPoints.checkNormal(mean, std);
    }

    @Override
    public PointSet trainingPoints(int n) {
      return PointSet.equal(quantiles(n, 0.5));
    }

    @Override
    public PointSet validationPoints(int n) {
      return PointSet.equal(quantiles(n, 0.25));
    }

    private float[] quantiles(int n, double offset) {
      float[] x = new float[n];
      for (int i = 0; i < n; i++) {
        x[i] = (float) (mean + std * STANDARD.inverseCumulativeProbability((i + offset) / n));
      }
      return x;
    }

    @Override
    public float[] evaluationPoints() {
      return new InputDistribution.Normal(mean, std, InputDistribution.DEFAULT_SAMPLES, 1).points();
    }

    @Override
    public double[] range() {
      return new double[] {mean - 4 * std, mean + 4 * std};
    }

    @Override
    public String describe() {
      return "normal(mean=" + mean + ", std=" + std + ")";
    }
  }

  /**
   * The official piecewise importance of {@code find_coeffs.py} on [lo, hi]: the weight is the
   * linear interpolation through (lo, 0.5), (m-3s, 1), (m-2s, 10), (m, 11), (m+2s, 10), (m+3s, 1),
   * (hi, 0.5) (numpy.interp; points outside [lo, hi] are clamped). Measured like {@link Uniform} on
   * [lo, hi].
   */
  record Importance(double lo, double hi, double mean, double std) implements InputWeighting {
    public Importance {
      new Uniform(lo, hi);
      new Normal(mean, std);
    }

    /** The official importance weight at x. */
    public double weight(double x) {
      double[] xp = {lo, mean - 3 * std, mean - 2 * std, mean, mean + 2 * std, mean + 3 * std, hi};
      double[] fp = {0.5, 1, 10, 11, 10, 1, 0.5};
      if (x <= xp[0]) {
        return fp[0];
      }
      for (int i = 1; i < xp.length; i++) {
        if (x <= xp[i]) {
          double span = xp[i] - xp[i - 1];
          return span > 0 ? fp[i - 1] + (fp[i] - fp[i - 1]) * (x - xp[i - 1]) / span : fp[i];
        }
      }
      return fp[fp.length - 1];
    }

    @Override
    public PointSet trainingPoints(int n) {
      return weighted(grid(lo, hi, n, 0.5));
    }

    @Override
    public PointSet validationPoints(int n) {
      return weighted(grid(lo, hi, n, 0.25));
    }

    private PointSet weighted(float[] x) {
      double[] w = new double[x.length];
      for (int i = 0; i < x.length; i++) {
        w[i] = weight(x[i]);
      }
      return new PointSet(x, w);
    }

    /** The same inputs, evenly weighted: this weighting is measured as that one. */
    private Uniform uniform() {
      return new Uniform(lo, hi);
    }

    @Override
    public float[] evaluationPoints() {
      return uniform().evaluationPoints();
    }

    @Override
    public double[] range() {
      return uniform().range();
    }

    @Override
    public String describe() {
      return "importance[" + lo + ", " + hi + "](mean=" + mean + ", std=" + std + ")";
    }
  }

  /**
   * Inputs given as samples with weights (e.g. a layer's recorded inputs, read by {@link
   * SampleFiles#readXW}). The result is measured on all samples (unweighted, as {@code ./fs approx}
   * would measure on them); training and validation use at most n points, consecutive sorted
   * samples merged into one weighted point ({@link PointSet#coarsen}) when there are more.
   */
  record Samples(String source, float[] xs, double[] ws) implements InputWeighting {
    public Samples {
      PointSet p = new PointSet(xs, ws);
      xs = p.x();
      ws = p.w();
      if (xs[0] == xs[xs.length - 1]) {
        throw new IllegalArgumentException(
            source + ": all input samples are equal (" + xs[0] + ")");
      }
    }

    @Override
    public PointSet trainingPoints(int n) {
      return new PointSet(xs, ws).coarsen(n);
    }

    @Override
    public PointSet validationPoints(int n) {
      return new PointSet(xs, ws).coarsen(n);
    }

    @Override
    public float[] evaluationPoints() {
      return xs.clone();
    }

    @Override
    public double[] range() {
      return new double[] {xs[0], xs[xs.length - 1]};
    }

    @Override
    public String describe() {
      return "samples:" + source + " (" + xs.length + " points)";
    }

    @Override
    public float[] xs() {
      return xs.clone();
    }

    @Override
    public double[] ws() {
      return ws.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Samples s
          && source.equals(s.source)
          && Arrays.equals(xs, s.xs)
          && Arrays.equals(ws, s.ws);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(xs) + Arrays.hashCode(ws);
    }

    @Override
    public String toString() {
      return describe();
    }
  }

  /** n points lo + (hi-lo)(i+offset)/n, i = 0..n-1, as float32. */
  private static float[] grid(double lo, double hi, int n, double offset) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (lo + (hi - lo) * (i + offset) / n);
    }
    return x;
  }
}
