package org.fsneurons.models.arch;

/**
 * ResNets as TensorFlow's official r1 {@code resnet_model.py}: convolutions without bias through
 * {@code conv2d_fixed_padding} (symmetric padding (k-1)/2), batch norm with epsilon 1e-5, and a
 * projection shortcut (1×1 convolution with the block's stride) in the first block of every stage,
 * also where the shape does not change. The head is a global average pool and a dense layer.
 */
final class ResNets {
  private static final double BN_EPSILON = 1e-5;

  private ResNets() {}

  /**
   * CIFAR ResNet v2 (pre-activation) of depth 6n+2: 3×3 conv with 16 filters, three stages of n
   * building blocks with 16/32/64 filters and strides 1/2/2, final BN-ReLU, global average pool,
   * dense 10.
   *
   * <p>Block (v2): BN-ReLU of the input; in a stage's first block it feeds both the projection
   * shortcut and the first 3×3 conv (otherwise the shortcut is the raw input); 3×3 conv (stride),
   * BN-ReLU, 3×3 conv, add.
   */
  static void cifarV2(GraphBuilder g, String input, int depth) {
    int n = (depth - 2) / 6;
    String x = g.conv("initial_conv", input, 16, 3, 1, 1, GraphBuilder.fixedPads(3), false);
    int[] strides = {1, 2, 2};
    for (int stage = 0; stage < 3; stage++) {
      int filters = 16 << stage;
      for (int block = 0; block < n; block++) {
        String p = "stage" + (stage + 1) + "/block" + (block + 1) + "/";
        int stride = block == 0 ? strides[stage] : 1;
        String pre = g.relu(p + "relu1", g.batchNorm(p + "bn1", x, BN_EPSILON));
        String shortcut =
            block == 0
                ? g.conv(
                    p + "projection", pre, filters, 1, stride, 1, GraphBuilder.fixedPads(1), false)
                : x;
        String y =
            g.conv(p + "conv1", pre, filters, 3, stride, 1, GraphBuilder.fixedPads(3), false);
        y = g.relu(p + "relu2", g.batchNorm(p + "bn2", y, BN_EPSILON));
        y = g.conv(p + "conv2", y, filters, 3, 1, 1, GraphBuilder.fixedPads(3), false);
        x = g.add(p + "add", y, shortcut);
      }
    }
    x = g.relu("final_relu", g.batchNorm("final_bn", x, BN_EPSILON));
    g.dense("dense", g.globalAveragePool("pool", x), 10, Architectures.OUTPUT);
  }

  /**
   * ImageNet ResNet v1.5 (TF r1 "v1": the stride of a bottleneck is on its 3×3 conv): 7×7/2 conv
   * with 64 filters, BN, ReLU, 3×3/2 max pool ('SAME'), four stages with 64/128/256/512 filters and
   * strides 1/2/2/2 (building blocks for depth 18 and 34, bottlenecks with 4× expansion from 50
   * on), global average pool, dense 1000. ReLU comes after the residual add; the projection
   * shortcut has a BN.
   */
  static void imagenetV1(GraphBuilder g, String input, int depth) {
    int[] blocks;
    boolean bottleneck = depth >= 50;
    switch (depth) {
      case 18 -> blocks = new int[] {2, 2, 2, 2};
      case 34, 50 -> blocks = new int[] {3, 4, 6, 3};
      case 101 -> blocks = new int[] {3, 4, 23, 3};
      case 152 -> blocks = new int[] {3, 8, 36, 3};
      default -> throw new IllegalArgumentException("ImageNet ResNet depth " + depth);
    }
    String x = g.conv("initial_conv", input, 64, 7, 2, 1, GraphBuilder.fixedPads(7), false);
    x = g.relu("initial_relu", g.batchNorm("initial_bn", x, BN_EPSILON));
    int[] s = g.shape(x);
    x = g.maxPool("initial_max_pool", x, 3, 2, GraphBuilder.samePads(s[1], s[2], 3, 2));
    for (int stage = 0; stage < 4; stage++) {
      int filters = 64 << stage;
      int out = bottleneck ? 4 * filters : filters;
      for (int block = 0; block < blocks[stage]; block++) {
        String p = "stage" + (stage + 1) + "/block" + (block + 1) + "/";
        int stride = block == 0 && stage > 0 ? 2 : 1;
        String shortcut = x;
        if (block == 0) {
          shortcut =
              g.conv(p + "projection", x, out, 1, stride, 1, GraphBuilder.fixedPads(1), false);
          shortcut = g.batchNorm(p + "projection_bn", shortcut, BN_EPSILON);
        }
        String y;
        if (bottleneck) {
          y = g.conv(p + "conv1", x, filters, 1, 1, 1, GraphBuilder.fixedPads(1), false);
          y = g.relu(p + "relu1", g.batchNorm(p + "bn1", y, BN_EPSILON));
          y = g.conv(p + "conv2", y, filters, 3, stride, 1, GraphBuilder.fixedPads(3), false);
          y = g.relu(p + "relu2", g.batchNorm(p + "bn2", y, BN_EPSILON));
          y = g.conv(p + "conv3", y, out, 1, 1, 1, GraphBuilder.fixedPads(1), false);
          y = g.batchNorm(p + "bn3", y, BN_EPSILON);
          x = g.relu(p + "relu3", g.add(p + "add", y, shortcut));
        } else {
          y = g.conv(p + "conv1", x, filters, 3, stride, 1, GraphBuilder.fixedPads(3), false);
          y = g.relu(p + "relu1", g.batchNorm(p + "bn1", y, BN_EPSILON));
          y = g.conv(p + "conv2", y, filters, 3, 1, 1, GraphBuilder.fixedPads(3), false);
          y = g.batchNorm(p + "bn2", y, BN_EPSILON);
          x = g.relu(p + "relu2", g.add(p + "add", y, shortcut));
        }
      }
    }
    g.dense("dense", g.globalAveragePool("pool", x), 1000, Architectures.OUTPUT);
  }
}
