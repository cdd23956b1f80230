package org.fsneurons.fit;

import java.util.SplittableRandom;

/**
 * Derivative-free refinement on the exact float32 objective ({@link ExactObjective}): an adaptive
 * coordinate (pattern) search. Each coordinate has its own step; a move of ±step that lowers the
 * objective is taken and the step doubles, otherwise the step halves; the search ends when every
 * step is below the minimum, the evaluation budget is spent or the deadline passes.
 *
 * <p>Unquantised: the variables are h and T; d is re-solved by least squares at every evaluation
 * ({@link ExactObjective#solveD}). Quantised: h, T and d move on the grid (steps are whole grid
 * steps) and d is a variable too.
 */
final class Polisher {
  private final ExactObjective obj;
  private final Quantization quant;
  private final Deadline deadline;

  Polisher(ExactObjective obj, Quantization quant, Deadline deadline) {
    this.obj = obj;
    this.quant = quant;
    this.deadline = deadline;
  }

  /** A parameter set and its exact objective. */
  record Point(float[] h, float[] T, float[] d, double objective) {}

  /** Objective of a point (unquantised: with least-squares d, which replaces the given d). */
  Point evaluate(float[] h, float[] T, float[] d) {
    float[] dd = d.clone();
    double f = obj.objective(h, T, dd, quant);
    return new Point(h.clone(), T.clone(), dd, f);
  }

  /**
   * Coordinate search from {@code start}.
   *
   * @param step0 initial step (unquantised: in input units; quantised: ignored, steps start at 2
   *     grid steps)
   * @param minStep smallest step tried (unquantised)
   * @param maxEvals evaluation budget
   */
  Point search(Point start, double step0, double minStep, long maxEvals, SplittableRandom rng) {
    int k = obj.k();
    int nv = quant == null ? 2 * k : 3 * k;
    float[] h = start.h().clone();
    float[] T = start.T().clone();
    float[] d = start.d().clone();
    double[] step = new double[nv];
    int[] dir = new int[nv];
    double gridStep = quant == null ? 0 : quant.scale();
    for (int j = 0; j < nv; j++) {
      step[j] = quant == null ? step0 : 2 * gridStep;
      dir[j] = 1;
    }
    double min = quant == null ? minStep : gridStep * 0.99;
    double best = start.objective();
    float[] bestD = d.clone();
    long evals = 0;
    int[] order = new int[nv];
    for (int j = 0; j < nv; j++) {
      order[j] = j;
    }
    boolean active = true;
    while (active && evals < maxEvals && !deadline.passed()) {
      active = false;
      shuffle(order, rng);
      for (int jj = 0; jj < nv && evals < maxEvals; jj++) {
        int j = order[jj];
        if (step[j] < min) {
          continue;
        }
        active = true;
        double old = get(j, h, T, d, k);
        boolean improved = false;
        for (int attempt = 0; attempt < 2 && !improved; attempt++) {
          int sgn = attempt == 0 ? dir[j] : -dir[j];
          double cand = old + sgn * step[j];
          if (quant != null) {
            cand = quant.quantize(cand);
            if (cand == old) {
              continue;
            }
          }
          set(j, (float) cand, h, T, d, k);
          double f = obj.objective(h, T, d, quant);
          evals++;
          if (f < best) {
            best = f;
            bestD = d.clone();
            dir[j] = sgn;
            improved = true;
          } else {
            set(j, (float) old, h, T, d, k);
          }
        }
        if (improved) {
          step[j] = quant == null ? step[j] * 2 : step[j] + gridStep;
        } else {
          step[j] = quant == null ? step[j] * 0.5 : step[j] - gridStep;
        }
      }
    }
    return new Point(h.clone(), T.clone(), quant == null ? bestD : d.clone(), best);
  }

  /** Coordinate j: h[j], T[j - k] or d[j - 2k]. */
  private static float get(int j, float[] h, float[] T, float[] d, int k) {
    if (j < k) {
      return h[j];
    } else if (j < 2 * k) {
      return T[j - k];
    } else {
      return d[j - 2 * k];
    }
  }

  /** Sets coordinate j (see {@link #get}). */
  private static void set(int j, float value, float[] h, float[] T, float[] d, int k) {
    if (j < k) {
      h[j] = value;
    } else if (j < 2 * k) {
      T[j - k] = value;
    } else {
      d[j - 2 * k] = value;
    }
  }

  private static void shuffle(int[] a, SplittableRandom rng) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int tmp = a[i];
      a[i] = a[j];
      a[j] = tmp;
    }
  }
}
