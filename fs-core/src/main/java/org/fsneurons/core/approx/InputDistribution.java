package org.fsneurons.core.approx;

import java.util.function.DoubleUnaryOperator;
import org.fsneurons.core.neuron.FsParams;

/**
 * The inputs an approximation is measured on, as {@code ./fs approx}, {@code kind: approximation},
 * {@code ./fs fit} and {@code kind: fit} measure: evenly spaced points of a range or seeded samples
 * of a normal distribution (all float32, {@link InputPoints}). The compact constructors apply the
 * range rules of {@link InputPoints#checkUniform} and {@link InputPoints#checkNormal}; the count is
 * checked when the points are drawn.
 */
public sealed interface InputDistribution {
  /** Default number of evenly spaced points ({@code --points}, {@code points:}). */
  int DEFAULT_POINTS = 100_000;

  /** Default number of normal samples ({@code --samples}, {@code samples:}). */
  int DEFAULT_SAMPLES = 1_000_000;

  /** The input points (deterministic: a normal set is drawn with its seed). */
  float[] points();

  /** Lower end of the range a plot of the approximation shows. */
  double lo();

  /** Upper end of the range a plot of the approximation shows. */
  double hi();

  /** MSE, max |error| and mean spikes of {@code params} against {@code target} on the points. */
  default ApproxStats measure(FsParams params, DoubleUnaryOperator target) {
    return Approximation.measure(params, target, points());
  }

  /** {@code n} evenly spaced points from lo to hi, both included; plotted over [lo, hi]. */
  record Uniform(double lo, double hi, int n) implements InputDistribution {
    public Uniform {
      InputPoints.checkUniform(lo, hi);
    }

    @Override
    public float[] points() {
      return InputPoints.uniform(lo, hi, n);
    }
  }

  /** {@code n} samples of N(mean, std²) drawn with {@code seed}; plotted over mean ± 4 std. */
  record Normal(double mean, double std, int n, long seed) implements InputDistribution {
    public Normal {
      InputPoints.checkNormal(mean, std);
    }

    @Override
    public float[] points() {
      return InputPoints.normal(mean, std, n, seed);
    }

    @Override
    public double lo() {
      return mean - 4 * std;
    }

    @Override
    public double hi() {
      return mean + 4 * std;
    }
  }
}
