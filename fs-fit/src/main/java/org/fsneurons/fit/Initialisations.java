package org.fsneurons.fit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.fsneurons.core.coeff.CoefficientSet;
import org.fsneurons.core.coeff.CoefficientSets;
import org.fsneurons.core.coeff.TargetFunction;
import org.fsneurons.core.neuron.FsParams;

/**
 * Start points of the restarts.
 *
 * <ul>
 *   <li>base starts: every paper set with the same K (the one for this target first when there is
 *       one), an FS-ReLU-like binary code h = T = d = hi·2^-(t+1) (when hi &gt; 0), and a binary
 *       code of the whole range (step 0 always spikes and shifts the input by -lo, steps 1.. halve
 *       the range); each with least-squares d;
 *   <li>perturbations of the best base starts (multiplicative and additive noise on h and T);
 *   <li>random binary-like codes: h = T ≈ W·2^-(t+1) with random factors and offsets, W the range
 *       width.
 * </ul>
 */
final class Initialisations {
  /**
   * The paper's bundled sets (official fs_weights.py). Sets fitted by this project are deliberately
   * not used as starts, so that a fit's recorded command reproduces it whatever sets are bundled
   * later.
   */
  static final List<String> PAPER_SETS = List.of("relu", "sigmoid", "swish");

  private Initialisations() {}

  /** A start point with its origin. */
  record Start(String origin, float[] h, float[] T, float[] d) {}

  /**
   * Base starts ranked by the exact objective (with least-squares d; the grid's d when quantised).
   */
  static List<Start> base(
      FitTarget target, int k, double[] range, ExactObjective obj, Quantization quant) {
    List<Start> starts = new ArrayList<>();
    TargetFunction fn = target.function();
    List<String> names = new ArrayList<>(PAPER_SETS);
    if (fn != null && names.remove(fn.id())) {
      names.add(0, fn.id());
    }
    for (String name : names) {
      CoefficientSet set = CoefficientSets.bundled(name);
      if (set.k() == k) {
        FsParams p = set.params();
        starts.add(new Start("bundled:" + name, p.h(), p.T(), p.d()));
      }
    }
    double lo = range[0];
    double hi = range[1];
    if (hi > 0) {
      float[] v = new float[k];
      for (int t = 0; t < k; t++) {
        v[t] = (float) (hi * StrictMath.pow(2, -(t + 1)));
      }
      starts.add(new Start("binary(0," + hi + ")", v, v.clone(), v.clone()));
    }
    starts.add(rangeCode(lo, hi, k, 1.0, 0.0, null, "binary(" + lo + "," + hi + ")"));
    List<double[]> scored = new ArrayList<>();
    List<Start> solved = new ArrayList<>();
    for (int i = 0; i < starts.size(); i++) {
      Start s = starts.get(i);
      Polisher.Point q = withD(s.h(), s.T(), s.d(), obj, quant);
      solved.add(new Start(s.origin(), q.h(), q.T(), q.d()));
      scored.add(new double[] {q.objective(), i});
    }
    scored.sort(Comparator.<double[]>comparingDouble(a -> a[0]).thenComparingDouble(a -> a[1]));
    List<Start> ranked = new ArrayList<>();
    for (double[] s : scored) {
      ranked.add(solved.get((int) s[1]));
    }
    return ranked;
  }

  /** Start for restart r (r ≥ number of base starts): a perturbed base start or a random code. */
  static Start random(int r, List<Start> base, double[] range, int k, SplittableRandom rng) {
    int kind = r % 3;
    if (kind == 2 || base.isEmpty()) {
      double lo = range[0];
      double hi = range[1];
      return rangeCode(lo, hi, k, 0.5 + rng.nextDouble(), 0.25, rng, "random-code");
    }
    Start s = base.get(kind == 0 ? 0 : rng.nextInt(Math.min(3, base.size())));
    double noise = kind == 0 ? 0.05 : 0.2;
    double width = range[1] - range[0];
    float[] h = s.h().clone();
    float[] T = s.T().clone();
    for (int t = 0; t < k; t++) {
      h[t] = (float) (h[t] * (1 + noise * gaussian(rng)) + noise * 0.02 * width * gaussian(rng));
      T[t] = (float) (T[t] * (1 + noise * gaussian(rng)) + noise * 0.02 * width * gaussian(rng));
    }
    return new Start(s.origin() + "+noise" + noise, h, T, s.d().clone());
  }

  /**
   * A binary code of [lo, hi]: step 0 spikes for every input above lo - margin and shifts v by -lo;
   * then h = T = W·2^-t (W = hi - lo), each scaled by {@code factor} and jittered by {@code jitter}
   * (relative) when rng is given. d starts at h (identity-like).
   */
  static Start rangeCode(
      double lo,
      double hi,
      int k,
      double factor,
      double jitter,
      SplittableRandom rng,
      String origin) {
    double width = hi - lo;
    float[] h = new float[k];
    float[] T = new float[k];
    float[] d = new float[k];
    h[0] = (float) lo;
    T[0] = (float) (lo - 0.01 * width);
    d[0] = 0f;
    for (int t = 1; t < k; t++) {
      double v = factor * width * StrictMath.pow(2, -t);
      double jh = rng == null ? 1 : StrictMath.exp(jitter * gaussian(rng));
      double jt = rng == null ? 1 : StrictMath.exp(jitter * gaussian(rng));
      h[t] = (float) (v * jh);
      T[t] = (float) (v * jt);
      d[t] = h[t];
    }
    return new Start(origin, h, T, d);
  }

  /**
   * The point h, T with least-squares d and its objective (quantised: h, T rounded onto the grid,
   * and d is the rounded least-squares d or the rounded given d, whichever is better). The arrays
   * passed in are not changed.
   */
  static Polisher.Point withD(
      float[] hIn, float[] TIn, float[] dIn, ExactObjective obj, Quantization quant) {
    float[] h = hIn.clone();
    float[] T = TIn.clone();
    float[] d = dIn.clone();
    if (quant != null) {
      for (int t = 0; t < h.length; t++) {
        h[t] = quant.quantize(h[t]);
        T[t] = quant.quantize(T[t]);
      }
    }
    double f = obj.solveD(h, T, d);
    if (quant == null) {
      return new Polisher.Point(h, T, d, f);
    }
    float[] orig = dIn.clone();
    float[] dq = d.clone();
    for (int t = 0; t < d.length; t++) {
      dq[t] = quant.quantize(d[t]);
      orig[t] = quant.quantize(orig[t]);
    }
    double fq = obj.evaluate(h, T, dq);
    double fo = obj.evaluate(h, T, orig);
    return fq <= fo ? new Polisher.Point(h, T, dq, fq) : new Polisher.Point(h, T, orig, fo);
  }

  /**
   * A standard normal number by the Box-Muller transform in StrictMath, so that a seed gives the
   * same numbers on every JVM (Random's nextGaussian may use Math's intrinsics).
   */
  static double gaussian(SplittableRandom rng) {
    double u = 1.0 - rng.nextDouble(); // (0, 1]
    double v = rng.nextDouble();
    return StrictMath.sqrt(-2 * StrictMath.log(u)) * StrictMath.cos(2 * Math.PI * v);
  }
}
