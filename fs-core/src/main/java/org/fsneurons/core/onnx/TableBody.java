package org.fsneurons.core.onnx;

import ai.onnx.proto.OnnxMl.TensorProto;
import org.fsneurons.core.compiled.CompiledFs;

/**
 * The exact lookup table behind {@link FsBody#TABLE}, built from the {@link CompiledFs compiled
 * form}.
 *
 * <p>Grid: {@code n} cells, cell of x = {@code clip(floor((x - lo) * inv), 0, n-1)} evaluated in
 * float32 (Sub, Mul, Floor, Clip: the graph's exact formula, so Java and the graph put every float
 * in the same cell). {@code inv} is a power of two at least 1/minGap, doubled until no cell holds
 * more than one breakpoint flip (a flip lies inside a cell when both b and nextUp(b) fall in it; a
 * flip on a cell border needs no test). Per cell: {@code b} (its inner breakpoint or +inf) and the
 * stacked pairs (L, R) of levels and of spike counts at index 2c and 2c+1. Lookup: {@code y = Y[2c
 * + (x > b[c])]}, a selection, so the output is the compiled level bit for bit.
 *
 * <p>NaN: its cell must be 0 (the -inf side, whose left level is y=0 with 0 spikes; {@code NaN > b}
 * is false). The graph gates the float cell index with {@code x > lo}, false for NaN (and for x
 * &lt;= lo, whose cell is 0 anyway): from opset 9 {@code Where(x > lo, cell, 0)} before the int64
 * Cast; before opset 9 (no Where) the int64 index is multiplied by {@code Cast(x > lo, int64)}, so
 * whatever value Cast(NaN) gives (implementation defined; no trap on x86-64 or ARM64) becomes 0.
 * Clip's NaN behaviour is never relied on.
 */
final class TableBody {
  /**
   * Largest grid; the cell index must stay exact in float32 (below 2^24) and the tables reasonable
   * in size.
   */
  static final int MAX_CELLS = 1 << 22;

  final float lo;
  final float inv;
  final int n;

  /** Per cell: the breakpoint inside it, or +inf. */
  final float[] b;

  /** Per cell c: level at/below b at 2c, above b at 2c+1. */
  final float[] y;

  /** Per cell c: spike counts, stacked like {@link #y}. */
  final int[] s;

  private TableBody(float lo, float inv, int n, float[] b, float[] y, int[] s) {
    this.lo = lo;
    this.inv = inv;
    this.n = n;
    this.b = b;
    this.y = y;
    this.s = s;
  }

  /**
   * The table for a compiled neuron, or null when it would need more than {@link #MAX_CELLS} cells.
   */
  static TableBody build(CompiledFs c) {
    float[] bp = c.breakpoints();
    float[] lv = c.levels();
    int[] sc = c.spikeCounts();
    if (bp.length == 0) {
      return new TableBody(
          0f,
          1f,
          1,
          new float[] {Float.POSITIVE_INFINITY},
          new float[] {lv[0], lv[0]},
          new int[] {sc[0], sc[0]});
    }
    double lowest = bp[0];
    double highest = bp[bp.length - 1];
    double gap = bp.length > 1 ? c.minGap() : 1.0;
    int e = Math.getExponent(1.0 / gap);
    if (Math.scalb(1.0, e) < 1.0 / gap) {
      e++;
    }
    for (; e <= 126; e++) {
      double invD = Math.scalb(1.0, e);
      double cells = (highest - lowest) * invD + 3;
      if (cells > MAX_CELLS) {
        return null;
      }
      float inv = (float) invD;
      float lo = (float) (Math.floor(lowest * invD - 1) / invD);
      if (!(lo < bp[0]) || Float.isInfinite(lo)) {
        continue;
      }
      int n = (int) Math.floor(((double) bp[bp.length - 1] - lo) * invD) + 3;
      TableBody t = tryBuild(lo, inv, n, bp, lv, sc);
      if (t != null) {
        return t;
      }
    }
    return null;
  }

  private static TableBody tryBuild(float lo, float inv, int n, float[] bp, float[] lv, int[] sc) {
    int m = bp.length;
    int[] cl = new int[m];
    int[] cr = new int[m];
    for (int i = 0; i < m; i++) {
      cl[i] = cell(bp[i], lo, inv, n);
      cr[i] = cell(Math.nextUp(bp[i]), lo, inv, n);
      if (i > 0 && cl[i] == cr[i] && cl[i - 1] == cr[i - 1] && cl[i] == cl[i - 1]) {
        return null; // two flips inside one cell
      }
    }
    float[] b = new float[n];
    float[] y = new float[2 * n];
    int[] s = new int[2 * n];
    int i =
        0; // first flip not completed before the start of cell c (= the piece at the start of cell
    // c)
    for (int c = 0; c < n; c++) {
      while (i < m && (cr[i] < c || (cr[i] == c && cl[i] < c))) {
        i++;
      }
      boolean inside = i < m && cl[i] == c && cr[i] == c;
      b[c] = inside ? bp[i] : Float.POSITIVE_INFINITY;
      y[2 * c] = lv[i];
      s[2 * c] = sc[i];
      y[2 * c + 1] = inside ? lv[i + 1] : lv[i];
      s[2 * c + 1] = inside ? sc[i + 1] : sc[i];
    }
    return new TableBody(lo, inv, n, b, y, s);
  }

  /** The graph's cell formula in float32: clip(floor((x - lo) * inv), 0, n-1); NaN gives 0. */
  static int cell(float x, float lo, float inv, int n) {
    float f = (float) Math.floor((x - lo) * inv);
    if (!(x > lo) || !(f >= 0f)) {
      return 0;
    }
    return f > n - 1 ? n - 1 : (int) f;
  }

  /** The graph's result for x, computed in Java (for tests and checks). */
  float output(float x) {
    return y[slot(x)];
  }

  /** The graph's spike count for x, computed in Java. */
  int spikes(float x) {
    return s[slot(x)];
  }

  private int slot(float x) {
    int c = cell(x, lo, inv, n);
    return 2 * c + (x > b[c] ? 1 : 0);
  }

  /**
   * Emits the lookup for input {@code x} into outputs {@code yOut} (float) and {@code sOut} (int64
   * scalar total).
   */
  void emit(BodyBuilder g, String x, String yOut, String sOut) {
    String loC = g.scalar("lo", lo);
    String invC = g.scalar("inv", inv);
    String f =
        g.unary(
            "Floor",
            g.binary("Mul", g.binary("Sub", x, loC, true, "shifted"), invC, true, "scaled"),
            "floor");
    String clipped = g.clip(f, 0f, (float) (n - 1), "cell_f");
    String above =
        g.binary("Greater", x, loC, true, "above_lo"); // false for NaN and for x <= lo (cell 0)
    String idx;
    if (g.opset() >= 9) {
      idx =
          g.cast(
              g.where(above, clipped, g.scalar("zero", 0f), "cell_f_clean"),
              TensorProto.DataType.INT64_VALUE,
              "cell");
    } else {
      idx =
          g.binary(
              "Mul",
              g.cast(clipped, TensorProto.DataType.INT64_VALUE, "cell_raw"),
              g.cast(above, TensorProto.DataType.INT64_VALUE, "above_lo_i"),
              false,
              "cell");
    }
    String bc = g.gather(g.floats("table_b", b), idx, "b");
    String gt =
        g.cast(
            g.binary("Greater", x, bc, false, "above_b"),
            TensorProto.DataType.INT64_VALUE,
            "above_b_i");
    String slot =
        g.binary("Add", g.binary("Mul", idx, g.scalar("two", 2L), true, "idx2"), gt, false, "slot");
    g.identity(g.gather(g.floats("table_y", y), slot, "y"), yOut);
    String sv =
        g.cast(g.gather(g.ints("table_s", s), slot, "s32"), TensorProto.DataType.INT64_VALUE, "s");
    g.reduceSumAll(sv, sOut);
  }
}
