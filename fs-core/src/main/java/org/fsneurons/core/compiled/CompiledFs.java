package org.fsneurons.core.compiled;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.fsneurons.core.neuron.FsNeuron;
import org.fsneurons.core.neuron.FsParams;

/**
 * The exact input-output map of an FS neuron ({@link FsNeuron}, float32) as a piecewise-constant function.
 *
 * <p>Breakpoints {@code b_0 < ... < b_{m-1}} (finite float32) split the floats into m+1 pieces; piece i covers
 * {@code (b_{i-1}, b_i]} (left-open, right-closed, because a spike needs the strict {@code v > T}), with
 * {@code b_{-1} = -inf} (included) and {@code b_m = +inf}. Each piece has one output level (float32) and one spike
 * count. A NaN input gets the values of the piece holding -inf (y = 0, no spikes), as the reference does. Adjacent
 * pieces with the same level (same bits) and spike count are merged.
 *
 * <p>Construction: interval recursion over the K steps. On an interval of inputs that share the spikes of steps
 * 0..t-1, the input spikes at step t iff {@code x > T[t] + s} in real arithmetic (s the sum of the resets so far);
 * that gives a candidate breakpoint, which is then refined to the float where the float32 reference actually flips:
 * neighbouring floats are searched (Math.nextUp/nextDown steps, doubling, then bisection). The search is exact, not
 * heuristic: for a fixed spike prefix the float32 membrane {@code v_t(x)} is a composition of rounded subtractions of
 * constants, hence non-decreasing in x, so {@code v_t(x) > T[t]} switches from false to true exactly once on the
 * interval. Empty intervals are pruned. The result equals the reference on every float (up to the sign of a zero
 * output), so it is the ground truth for the ONNX table body.
 *
 * <p>Immutable; array accessors return copies.
 */
public final class CompiledFs {
  /** Upper bound on the pieces (before merging) that {@link #compile} builds before giving up. */
  public static final int MAX_PIECES = 1 << 22;

  private final float[] breakpoints;
  private final float[] levels;
  private final int[] spikeCounts;
  /** The compiled parameters (not part of equality: the map alone is). */
  private final FsParams params;

  private CompiledFs(float[] breakpoints, float[] levels, int[] spikeCounts, FsParams params) {
    this.breakpoints = breakpoints;
    this.levels = levels;
    this.spikeCounts = spikeCounts;
    this.params = params;
  }

  /**
   * Compiles a parameter set.
   *
   * @throws IllegalArgumentException if the neuron has more than {@link #MAX_PIECES} pieces before merging
   */
  public static CompiledFs compile(FsParams p) {
    return compile(p, MAX_PIECES);
  }

  static CompiledFs compile(FsParams p, int maxPieces) {
    Builder b = new Builder(p, maxPieces);
    b.recurse(0, key(Float.NEGATIVE_INFINITY), key(Float.POSITIVE_INFINITY), 0.0);
    return b.finish();
  }

  /** Output y(x), exactly the reference's (up to the sign of zero). */
  public float output(float x) {
    return levels[piece(x)];
  }

  /** Spike count s(x), exactly the reference's. */
  public int spikes(float x) {
    return spikeCounts[piece(x)];
  }

  /** Index of the piece holding x: the first i with x &lt;= b_i, or m; NaN gives piece 0 (the -inf side). */
  public int piece(float x) {
    if (Float.isNaN(x)) {
      return 0;
    }
    int lo = 0;
    int hi = breakpoints.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (x <= breakpoints[mid]) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  /** Number of pieces m+1. */
  public int pieces() {
    return levels.length;
  }

  /** The m breakpoints, ascending; piece i covers (b_{i-1}, b_i]. */
  public float[] breakpoints() {
    return breakpoints.clone();
  }

  /** The m+1 output levels, piece by piece. */
  public float[] levels() {
    return levels.clone();
  }

  /** The m+1 spike counts, piece by piece. */
  public int[] spikeCounts() {
    return spikeCounts.clone();
  }

  /**
   * The smallest distance between consecutive breakpoints (computed in double, rounded to float32);
   * {@code +inf} with fewer than two breakpoints.
   */
  public float minGap() {
    double g = Double.POSITIVE_INFINITY;
    for (int i = 1; i < breakpoints.length; i++) {
      g = Math.min(g, (double) breakpoints[i] - breakpoints[i - 1]);
    }
    return (float) g;
  }

  /**
   * Per breakpoint b, the real-arithmetic candidate T[t] + s (in double) it was refined from: t is the first step
   * where the spike trains of b and the next float differ, s the sum (in double, in step order) of the h of the steps
   * before t where b spikes.
   */
  double[] candidates() {
    double[] cand = new double[breakpoints.length];
    for (int i = 0; i < breakpoints.length; i++) {
      boolean[] below = FsNeuron.spikeTrain(params, breakpoints[i]);
      boolean[] above = FsNeuron.spikeTrain(params, Math.nextUp(breakpoints[i]));
      double s = 0.0;
      int t = 0;
      while (below[t] == above[t]) {
        if (below[t]) {
          s += params.h(t);
        }
        t++;
      }
      cand[i] = (double) params.T(t) + s;
    }
    return cand;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CompiledFs c
        && Arrays.equals(breakpoints, c.breakpoints)
        && Arrays.equals(levels, c.levels)
        && Arrays.equals(spikeCounts, c.spikeCounts);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(breakpoints) + Arrays.hashCode(levels)) + Arrays.hashCode(spikeCounts);
  }

  @Override
  public String toString() {
    return "CompiledFs[pieces=" + pieces() + ", range=" + (breakpoints.length == 0 ? "-" :
        "[" + breakpoints[0] + ", " + breakpoints[breakpoints.length - 1] + "]") + ", minGap=" + minGap() + "]";
  }

  // ---- float ordering keys: consecutive keys are consecutive floats (-0 has key -1, +0 has key 0) ----

  static int key(float f) {
    int i = Float.floatToRawIntBits(f);
    return i < 0 ? i ^ 0x7fffffff : i;
  }

  static float fromKey(int k) {
    return Float.intBitsToFloat(k < 0 ? k ^ 0x7fffffff : k);
  }

  /** Depth-first interval recursion; leaves are produced in ascending input order. */
  private static final class Builder {
    private final FsParams p;
    private final int k;
    private final boolean[] spiked;
    /** Per leaf: largest key of the leaf, level bits, spike count. */
    private final List<int[]> leaves = new ArrayList<>();

    private final int maxPieces;

    Builder(FsParams p, int maxPieces) {
      this.p = p;
      this.maxPieces = maxPieces;
      this.k = p.k();
      this.spiked = new boolean[k];
    }

    /** Membrane at step t of input x whose steps 0..t-1 follow {@link #spiked}, exactly as the reference. */
    private float membrane(float x, int t) {
      float v = x;
      for (int j = 0; j < t; j++) {
        float z = spiked[j] ? 1f : 0f;
        v = v - p.h(j) * z;
      }
      return v;
    }

    private boolean fires(int key, int t) {
      return membrane(fromKey(key), t) > p.T(t);
    }

    /** Inputs with keys in [lo, hi] share spikes 0..t-1 (in {@link #spiked}); s is the real-arithmetic reset sum. */
    void recurse(int t, int lo, int hi, double s) {
      if (t == k) {
        leaf(hi);
        return;
      }
      if (!fires(hi, t)) {
        spiked[t] = false;
        recurse(t + 1, lo, hi, s);
        return;
      }
      if (fires(lo, t)) {
        spiked[t] = true;
        recurse(t + 1, lo, hi, s + p.h(t));
        return;
      }
      double c = (double) p.T(t) + s;
      int naiveFirst = key(largestFloatAtMost(c)) + 1; // first input above c, if floats were reals
      int first = firstFiring(t, lo, hi, Math.max(lo + 1, Math.min(hi, naiveFirst)));
      spiked[t] = false;
      recurse(t + 1, lo, first - 1, s);
      spiked[t] = true;
      recurse(t + 1, first, hi, s + p.h(t));
    }

    /** Smallest key in (lo, hi] that fires at step t, given !fires(lo) and fires(hi); the search starts at g. */
    private int firstFiring(int t, int lo, int hi, int g) {
      long f; // largest known not firing
      long tr; // smallest known firing
      if (fires(g, t)) {
        tr = g;
        f = lo;
        long step = 1;
        while (tr - step > lo) {
          long c = tr - step;
          if (!fires((int) c, t)) {
            f = c;
            break;
          }
          tr = c;
          step <<= 1;
        }
      } else {
        f = g;
        tr = hi;
        long step = 1;
        while (f + step < hi) {
          long c = f + step;
          if (fires((int) c, t)) {
            tr = c;
            break;
          }
          f = c;
          step <<= 1;
        }
      }
      while (tr - f > 1) {
        long mid = (f + tr) >> 1; // keys may be negative: arithmetic shift
        if (fires((int) mid, t)) {
          tr = mid;
        } else {
          f = mid;
        }
      }
      return (int) tr;
    }

    private void leaf(int hiKey) {
      if (leaves.size() >= maxPieces) {
        throw new IllegalArgumentException(
            "FS neuron has more than " + maxPieces + " pieces; the compiled form is not practical (K=" + k + ")");
      }
      float out = 0f;
      int n = 0;
      for (int t = 0; t < k; t++) {
        float z = spiked[t] ? 1f : 0f;
        out = out + p.d(t) * z;
        n += spiked[t] ? 1 : 0;
      }
      leaves.add(new int[] {hiKey, Float.floatToRawIntBits(out), n});
    }

    CompiledFs finish() {
      // merge adjacent leaves with equal (level bits, spikes); leaves are in ascending order
      List<int[]> merged = new ArrayList<>();
      for (int[] l : leaves) {
        int[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
        if (last != null && last[1] == l[1] && last[2] == l[2]) {
          last[0] = l[0];
        } else {
          merged.add(l.clone());
        }
      }
      int m = merged.size() - 1;
      float[] b = new float[m];
      float[] lv = new float[m + 1];
      int[] sc = new int[m + 1];
      for (int i = 0; i <= m; i++) {
        int[] l = merged.get(i);
        if (i < m) {
          b[i] = fromKey(l[0]);
        }
        lv[i] = Float.intBitsToFloat(l[1]);
        sc[i] = l[2];
      }
      CompiledFs c = new CompiledFs(b, lv, sc, p);
      // self-check at both sides of every breakpoint against the reference
      for (float x : b) {
        check(c, x);
        check(c, Math.nextUp(x));
      }
      return c;
    }

    private void check(CompiledFs c, float x) {
      float ref = FsNeuron.output(p, x);
      if (c.output(x) != ref || c.spikes(x) != FsNeuron.spikes(p, x)) {
        throw new IllegalStateException("compiled FS form disagrees with the reference at x=" + x + ": "
            + c.output(x) + " vs " + ref);
      }
    }
  }

  /** The largest float &lt;= c (c finite or infinite). */
  static float largestFloatAtMost(double c) {
    float f = (float) c;
    return f > c ? Math.nextDown(f) : f;
  }
}
