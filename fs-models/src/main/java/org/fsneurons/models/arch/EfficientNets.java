package org.fsneurons.models.arch;

/**
 * EfficientNet B0–B7 as the official TensorFlow code (tensorflow/tpu {@code
 * models/official/efficientnet}: {@code efficientnet_builder.py}, {@code efficientnet_model.py}).
 *
 * <p>Base blocks (repeats, kernel, stride, expand ratio, in, out; SE ratio 0.25):
 * r1_k3_s1_e1_i32_o16, r2_k3_s2_e6_i16_o24, r2_k5_s2_e6_i24_o40, r3_k3_s2_e6_i40_o80,
 * r3_k5_s1_e6_i80_o112, r4_k5_s2_e6_i112_o192, r1_k3_s1_e6_i192_o320. Filters are scaled by {@link
 * #roundFilters} (divisor 8, min_depth None), repeats by {@link #roundRepeats} (ceil). Every conv
 * uses TF 'same' padding (asymmetric for stride 2, as ONNX SAME_UPPER) and no bias, except the SE
 * convs; batch norm epsilon 1e-3.
 *
 * <p>MBConv block: [1×1 expand, BN, swish] when the expand ratio is not 1; k×k depthwise conv
 * (stride), BN, swish; squeeze-and-excitation: global mean, 1×1 reduce to max(1, int(0.25·input
 * filters)) with bias, swish, 1×1 expand back with bias, Sigmoid gate, Mul with the block tensor;
 * 1×1 project, BN; identity skip (add) when the stride is 1 and input and output filters are equal.
 * Stem: 3×3/2 conv with round_filters(32), BN, swish. Head: 1×1 conv with round_filters(1280), BN,
 * swish, global average pool, dense 1000 (dropout is inactive at inference).
 *
 * <p>Swish is the two-node pattern {@code Mul(x, Sigmoid(x))}; the SE gate is a plain Sigmoid and a
 * Mul.
 */
final class EfficientNets {
  private static final double BN_EPSILON = 1e-3;
  private static final double SE_RATIO = 0.25;
  private static final int DIVISOR = 8;

  /** Width, depth coefficients and resolution of B0..B7 ({@code efficientnet_params}). */
  static final double[][] PARAMS = {
    {1.0, 1.0, 224}, {1.0, 1.1, 240}, {1.1, 1.2, 260}, {1.2, 1.4, 300},
    {1.4, 1.8, 380}, {1.6, 2.2, 456}, {1.8, 2.6, 528}, {2.0, 3.1, 600},
  };

  /** repeats, kernel, stride, expand ratio, input filters, output filters. */
  private static final int[][] BLOCKS = {
    {1, 3, 1, 1, 32, 16},
    {2, 3, 2, 6, 16, 24},
    {2, 5, 2, 6, 24, 40},
    {3, 3, 2, 6, 40, 80},
    {3, 5, 1, 6, 80, 112},
    {4, 5, 2, 6, 112, 192},
    {1, 3, 1, 6, 192, 320},
  };

  private EfficientNets() {}

  /**
   * {@code round_filters}: scale by the width coefficient and round to a multiple of 8, never
   * losing over 10%.
   */
  static int roundFilters(int filters, double width) {
    double f = filters * width;
    int rounded = Math.max(DIVISOR, (int) (f + DIVISOR / 2.0) / DIVISOR * DIVISOR);
    if (rounded < 0.9 * f) {
      rounded += DIVISOR;
    }
    return rounded;
  }

  /** {@code round_repeats}: ceil(depth coefficient · repeats). */
  static int roundRepeats(int repeats, double depth) {
    return (int) Math.ceil(depth * repeats);
  }

  static void build(GraphBuilder g, String input, int variant) {
    double width = PARAMS[variant][0];
    double depth = PARAMS[variant][1];
    String x = sameConv(g, "stem/conv", input, roundFilters(32, width), 3, 2, 1);
    x = g.swish("stem/swish", g.batchNorm("stem/bn", x, BN_EPSILON));
    int index = 0;
    for (int[] b : BLOCKS) {
      int repeats = roundRepeats(b[0], depth);
      int in = roundFilters(b[4], width);
      int out = roundFilters(b[5], width);
      for (int r = 0; r < repeats; r++) {
        x =
            mbConv(
                g,
                "blocks_" + index + "/",
                x,
                b[1],
                r == 0 ? b[2] : 1,
                b[3],
                r == 0 ? in : out,
                out);
        index++;
      }
    }
    x = sameConv(g, "head/conv", x, roundFilters(1280, width), 1, 1, 1);
    x = g.swish("head/swish", g.batchNorm("head/bn", x, BN_EPSILON));
    g.dense("head/dense", g.globalAveragePool("head/pool", x), 1000, Architectures.OUTPUT);
  }

  private static String mbConv(
      GraphBuilder g, String p, String x, int kernel, int stride, int expand, int in, int out) {
    if (g.channels(x) != in) {
      throw new IllegalStateException(
          p + ": input has " + g.channels(x) + " channels, block expects " + in);
    }
    String y = x;
    int filters = in * expand;
    if (expand != 1) {
      y = sameConv(g, p + "expand_conv", y, filters, 1, 1, 1);
      y = g.swish(p + "expand_swish", g.batchNorm(p + "expand_bn", y, BN_EPSILON));
    }
    y = sameConv(g, p + "depthwise_conv", y, filters, kernel, stride, filters);
    y = g.swish(p + "depthwise_swish", g.batchNorm(p + "depthwise_bn", y, BN_EPSILON));
    int reduced = Math.max(1, (int) (in * SE_RATIO));
    String se = g.globalAveragePool(p + "se/pool", y);
    se = g.conv(p + "se/reduce_conv", se, reduced, 1, 1, 1, new int[4], true);
    se = g.swish(p + "se/swish", se);
    se = g.conv(p + "se/expand_conv", se, filters, 1, 1, 1, new int[4], true);
    se = g.sigmoid(p + "se/gate", se);
    y = g.mul(p + "se/mul", se, y);
    y = sameConv(g, p + "project_conv", y, out, 1, 1, 1);
    y = g.batchNorm(p + "project_bn", y, BN_EPSILON);
    if (stride == 1 && in == out) {
      y = g.add(p + "add", y, x);
    }
    return y;
  }

  private static String sameConv(
      GraphBuilder g, String name, String x, int outC, int k, int stride, int groups) {
    int[] s = g.shape(x);
    return g.conv(
        name, x, outC, k, stride, groups, GraphBuilder.samePads(s[1], s[2], k, stride), false);
  }
}
