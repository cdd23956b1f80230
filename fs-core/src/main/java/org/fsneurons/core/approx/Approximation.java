package org.fsneurons.core.approx;

import java.util.function.DoubleUnaryOperator;
import org.fsneurons.core.neuron.FsNeuron;
import org.fsneurons.core.neuron.FsOutput;
import org.fsneurons.core.neuron.FsParams;

/**
 * Measures an FS neuron against a target function on given inputs (the numbers {@code ./fs approx}
 * prints).
 */
public final class Approximation {
  private Approximation() {}

  /** MSE, max |error| and mean spikes of {@code params} against {@code target} on {@code xs}. */
  public static ApproxStats measure(FsParams params, DoubleUnaryOperator target, float[] xs) {
    double[] ys = new double[xs.length];
    for (int i = 0; i < xs.length; i++) {
      ys[i] = target.applyAsDouble(xs[i]);
    }
    return measure(params, xs, ys);
  }

  /** MSE, max |error| and mean spikes against target samples ys (same length as xs). */
  public static ApproxStats measure(FsParams params, float[] xs, double[] ys) {
    if (xs.length != ys.length) {
      throw new IllegalArgumentException("xs has " + xs.length + " values but ys has " + ys.length);
    }
    FsOutput out = FsNeuron.run(params, xs);
    float[] y = out.y();
    int[] s = out.spikes();
    double se = 0;
    double max = 0;
    long spikes = 0;
    for (int i = 0; i < xs.length; i++) {
      double e = y[i] - ys[i];
      se += e * e;
      max = Math.max(max, Math.abs(e));
      spikes += s[i];
    }
    return new ApproxStats(se / xs.length, max, (double) spikes / xs.length, xs.length);
  }
}
