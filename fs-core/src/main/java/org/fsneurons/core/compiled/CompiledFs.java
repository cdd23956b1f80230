package org.fsneurons.core.compiled;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.fsneurons.core.UserInputException;
import org.fsneurons.core.neuron.FsNeuron;
import org.fsneurons.core.neuron.FsParams;

/**
 * The exact input-output map of an FS neuron ({@link FsNeuron}, float32) as a piecewise-constant
 * function.
 *
 * <p>Breakpoints {@code b_0 < ... < b_{m-1}} (finite float32) split the floats into m+1 pieces;
 * piece i covers {@code (b_{i-1}, b_i]} (left-open, right-closed, because a spike needs the strict
 * {@code v > T}), with {@code b_{-1} = -inf} (included) and {@code b_m = +inf}. Each piece has one
 * output level (float32) and one spike count. A NaN input gets the values of the piece holding -inf
 * (y = 0, no spikes), as the reference does. Adjacent pieces with the same level (same bits) and
 * spike count are merged.
 *
 * <p>Construction: interval recursion over the K steps. On an interval of inputs that share the
 * spikes of steps 0..t-1, the input spikes at step t iff {@code x > T[t] + s} in real arithmetic (s
 * the sum of the resets so far); that gives a candidate breakpoint, which is then refined to the
 * float where the float32 reference actually flips: neighbouring floats are searched
 * (Math.nextUp/nextDown steps, doubling, then bisection). The search is exact, not heuristic: for a
 * fixed spike prefix the float32 membrane {@code v_t(x)} is a composition of rounded subtractions
 * of constants, hence non-decreasing in x, so {@code v_t(x) > T[t]} switches from false to true
 * exactly once on the interval. Empty intervals are pruned. The result equals the reference on
 * every float (up to the sign of a zero output), so it is the ground truth for the ONNX table body.
 *
 * <p>Immutable; array accessors return copies.
 */
public final class CompiledFs {
  /** Upper bound on the pieces (before merging) that {@link #compile} builds before giving up. */
  public static final int MAX_PIECES = 1 << 22;

  /**
   * Upper bound on the membrane steps that {@link #compile} evaluates before giving up, so that a
   * large K (thousands of steps) with many pieces is refused instead of running for hours. Measured
   * on a 2-core VM: a binary FS-ReLU with K=22 (the most pieces allowed) needs between 2^28 and
   * 2^29 (5 s); a random K=10000 set with 83939 pieces between 2^31 and 2^32 (10 s); the FS-ReLU
   * with K=10000 reaches the bound after 412865 pieces in 10 to 30 s.
   */
  public static final long MAX_WORK = 1L << 32;

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
   * @throws IllegalArgumentException if the neuron has more than {@link #MAX_PIECES} pieces before
   *     merging, or its compilation would take more than {@link #MAX_WORK} membrane steps
   */
  public static CompiledFs compile(FsParams p) {
    return compile(p, MAX_PIECES, MAX_WORK);
  }

  /**
   * Compiles a user's parameter set; when that is not practical (see {@link #compile(FsParams)})
   * the {@link UserInputException} names {@code where} (the coefficient file or set), says why and
   * how to proceed.
   */
  public static CompiledFs compile(FsParams p, String where) {
    try {
      return compile(p);
    } catch (IllegalArgumentException e) {
      throw new UserInputException(where + ": " + e.getMessage() + "; " + HOW_TO_PROCEED, e);
    }
  }

  /**
   * The compiled form if it takes at most {@code maxWork} membrane steps and {@link #MAX_PIECES}
   * pieces, else empty: for reports that mention the piece count without paying for a set that is
   * too costly to compile.
   */
  public static Optional<CompiledFs> tryCompile(FsParams p, long maxWork) {
    try {
      return Optional.of(compile(p, MAX_PIECES, Math.min(maxWork, MAX_WORK)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** What to do when a set cannot be compiled, for messages. */
  public static final String HOW_TO_PROCEED =
      "the table body needs the compiled form (a binary FS-ReLU has 2^K "
          + "pieces, so K <= 22): use --body dynamics or --body native, or a set with fewer steps K";

  static CompiledFs compile(FsParams p, int maxPieces) {
    return compile(p, maxPieces, MAX_WORK);
  }

  static CompiledFs compile(FsParams p, int maxPieces, long maxWork) {
    Builder b = new Builder(p, maxPieces, maxWork);
    b.build();
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

  /**
   * Index of the piece holding x: the first i with x &lt;= b_i, or m; NaN gives piece 0 (the -inf
   * side).
   */
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
   * Per breakpoint b, the real-arithmetic candidate T[t] + s (in double) it was refined from: t is
   * the first step where the spike trains of b and the next float differ, s the sum (in double, in
   * step order) of the h of the steps before t where b spikes.
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
    return 31 * (31 * Arrays.hashCode(breakpoints) + Arrays.hashCode(levels))
        + Arrays.hashCode(spikeCounts);
  }

  @Override
  public String toString() {
    return "CompiledFs[pieces="
        + pieces()
        + ", range="
        + (breakpoints.length == 0
            ? "-"
            : "[" + breakpoints[0] + ", " + breakpoints[breakpoints.length - 1] + "]")
        + ", minGap="
        + minGap()
        + "]";
  }

  // ---- float ordering keys: consecutive keys are consecutive floats (-0 has key -1, +0 has key 0)
  // ----

  static int key(float f) {
    int i = Float.floatToRawIntBits(f);
    return i < 0 ? i ^ 0x7fffffff : i;
  }

  static float fromKey(int k) {
    return Float.intBitsToFloat(k < 0 ? k ^ 0x7fffffff : k);
  }

  /**
   * Depth-first interval search over the steps, iterative (an explicit stack of pending right
   * halves, at most K deep), so K in the thousands needs no deep call stack; leaves are produced in
   * ascending input order. The membranes of both ends of the current interval, the partial output
   * and the spike count are carried along the path and updated with the reference's own float32
   * operations, so a step costs O(1) except at a split (one bisection, O(t) per probe).
   */
  private static final class Builder {
    private final FsParams p;
    private final int k;
    private final boolean[] spiked;

    /** Per leaf: largest key of the leaf, level bits, spike count. */
    private final List<int[]> leaves = new ArrayList<>();

    private final int maxPieces;
    private final long maxWork;

    /** Membrane steps evaluated so far (the cost measure that {@link #maxWork} bounds). */
    private long work;

    Builder(FsParams p, int maxPieces, long maxWork) {
      this.p = p;
      this.maxPieces = maxPieces;
      this.maxWork = maxWork;
      this.k = p.k();
      this.spiked = new boolean[k];
    }

    /**
     * Pending work: the inputs with keys in [lo, hi] share the spikes of steps 0..t-1; those before
     * t-1 are in {@link #spiked} when the frame is taken up, the one of step t-1 is {@code last}.
     * vLo/vHi are the membranes of lo and hi at step t, out and n the output and spike count so
     * far, s the real-arithmetic reset sum.
     */
    private record Frame(
        int t, int lo, int hi, double s, float vLo, float vHi, float out, int n, boolean last) {}

    /**
     * Membrane at step t of input x whose steps 0..t-1 follow {@link #spiked}, exactly as the
     * reference.
     */
    private float membrane(float x, int t) {
      spend(t + 1);
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

    private void spend(long steps) {
      work += steps;
      if (work > maxWork) {
        throw new IllegalArgumentException(
            "FS neuron is too costly to compile: more than "
                + maxWork
                + " membrane steps after "
                + leaves.size()
                + " pieces (K="
                + k
                + ")");
      }
    }

    void build() {
      Deque<Frame> stack = new ArrayDeque<>();
      stack.push(
          new Frame(
              0,
              key(Float.NEGATIVE_INFINITY),
              key(Float.POSITIVE_INFINITY),
              0.0,
              Float.NEGATIVE_INFINITY,
              Float.POSITIVE_INFINITY,
              0f,
              0,
              false));
      while (!stack.isEmpty()) {
        Frame f = stack.pop();
        int t = f.t();
        if (t > 0) {
          spiked[t - 1] = f.last();
        }
        int lo = f.lo();
        int hi = f.hi();
        double s = f.s();
        float vLo = f.vLo();
        float vHi = f.vHi();
        float out = f.out();
        int n = f.n();
        for (; t < k; t++) {
          spend(1);
          float h = p.h(t);
          float d = p.d(t);
          if (!(vHi > p.T(t))) { // no input of the interval spikes at t
            spiked[t] = false;
            vLo = vLo - h * 0f;
            vHi = vHi - h * 0f;
            out = out + d * 0f;
          } else if (vLo > p.T(t)) { // all spike at t
            spiked[t] = true;
            vLo = vLo - h * 1f;
            vHi = vHi - h * 1f;
            out = out + d * 1f;
            n++;
            s += h;
          } else { // split: [lo, first-1] stays silent at t, [first, hi] spikes
            double c = (double) p.T(t) + s;
            int naiveFirst =
                key(largestFloatAtMost(c)) + 1; // first input above c, if floats were reals
            int first = firstFiring(t, lo, hi, Math.max(lo + 1, Math.min(hi, naiveFirst)));
            float vFirst = membrane(fromKey(first), t);
            float vBefore = membrane(fromKey(first - 1), t);
            stack.push(
                new Frame(
                    t + 1,
                    first,
                    hi,
                    s + h,
                    vFirst - h * 1f,
                    vHi - h * 1f,
                    out + d * 1f,
                    n + 1,
                    true));
            spiked[t] = false;
            hi = first - 1;
            vLo = vLo - h * 0f;
            vHi = vBefore - h * 0f;
            out = out + d * 0f;
          }
        }
        leaf(hi, out, n);
      }
    }

    /**
     * Smallest key in (lo, hi] that fires at step t, given !fires(lo) and fires(hi); the search
     * starts at g.
     */
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

    private void leaf(int hiKey, float out, int n) {
      if (leaves.size() >= maxPieces) {
        throw new IllegalArgumentException(
            "FS neuron has more than "
                + maxPieces
                + " pieces; the compiled form is not practical (K="
                + k
                + ")");
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
        throw new IllegalStateException(
            "compiled FS form disagrees with the reference at x="
                + x
                + ": "
                + c.output(x)
                + " vs "
                + ref);
      }
    }
  }

  /** The largest float &lt;= c (c finite or infinite). */
  static float largestFloatAtMost(double c) {
    float f = (float) c;
    return f > c ? Math.nextDown(f) : f;
  }
}
