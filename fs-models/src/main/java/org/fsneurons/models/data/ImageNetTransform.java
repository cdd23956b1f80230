package org.fsneurons.models.data;

/**
 * The official ImageNet evaluation preprocessing of two model families, on a decoded RGB image
 * (HWC, values 0..255), giving {@code resolution × resolution × 3} floats (HWC, RGB). Float32
 * arithmetic in TensorFlow's order, so that results match the TF 1 graphs the official models were
 * evaluated with up to float rounding.
 *
 * <p>{@link Normalization#RESNET} (tensorflow/models {@code
 * official/r1/resnet/imagenet_preprocessing.py}, eval):
 *
 * <ol>
 *   <li>aspect-preserving resize: {@code scale = 256f / min(h, w)}, {@code newH = (int)(h *
 *       scale)}, {@code newW = (int)(w * scale)} (float32, truncated, as {@code
 *       _smallest_size_at_least}; so the shorter side can come out 255), bilinear as TF 1 {@code
 *       resize_images} ({@code align_corners=False}, {@code half_pixel_centers=False}: source
 *       coordinate {@code x · in/out});
 *   <li>central crop {@code resolution²} (224) at {@code top = (newH - 224) / 2}, {@code left =
 *       (newW - 224) / 2};
 *   <li>subtract the channel means {@code [123.68, 116.78, 103.94]} (RGB).
 * </ol>
 *
 * For a resolution other than 224 the shorter side is resized to {@code round(resolution · 256 /
 * 224)}.
 *
 * <p>{@link Normalization#EFFICIENTNET} (tensorflow/tpu {@code
 * models/official/efficientnet/preprocessing.py}, {@code _decode_and_center_crop}, and the mean/std
 * of {@code efficientnet_builder.py}):
 *
 * <ol>
 *   <li>crop size {@code c = (int)(res / (res + 32) · min(h, w))} (float32), offsets {@code ((h -
 *       c) + 1) / 2} and {@code ((w - c) + 1) / 2};
 *   <li>resize the c×c crop to res×res with TF 1 {@code resize_bicubic} ({@code
 *       align_corners=False}, {@code half_pixel_centers=False}: Keys cubic with a = -0.75,
 *       1024-entry weight table, indices clamped to the crop);
 *   <li>{@code (x - 255·[0.485, 0.456, 0.406]) / (255·[0.229, 0.224, 0.225])}.
 * </ol>
 *
 * @param resolution output side: 224 for ResNet; EfficientNet B0..B7: 224, 240, 260, 300, 380, 456,
 *     528, 600
 */
public record ImageNetTransform(Normalization normalization, int resolution) {
  /** TF official ResNet: RGB channel means on the 0..255 scale. */
  static final float[] RESNET_MEANS = {123.68f, 116.78f, 103.94f};

  static final float[] EFFICIENTNET_MEANS = {
    (float) (0.485 * 255), (float) (0.456 * 255), (float) (0.406 * 255)
  };
  static final float[] EFFICIENTNET_STDS = {
    (float) (0.229 * 255), (float) (0.224 * 255), (float) (0.225 * 255)
  };
  static final int CROP_PADDING = 32;

  private static final int TABLE_SIZE = 1 << 10;
  private static final float[] CUBIC_TABLE = cubicTable(-0.75);

  public ImageNetTransform {
    if (normalization != Normalization.RESNET && normalization != Normalization.EFFICIENTNET) {
      throw new IllegalArgumentException(
          "normalization "
              + normalization
              + " does not apply to ImageNet; allowed: "
              + Normalization.names(Normalization.RESNET, Normalization.EFFICIENTNET));
    }
    if (resolution < 8 || resolution > 4096) {
      throw new IllegalArgumentException(
          "ImageNet resolution must be 8..4096, found " + resolution);
    }
  }

  /** TF official ResNet at 224×224. */
  public static ImageNetTransform resnet() {
    return new ImageNetTransform(Normalization.RESNET, 224);
  }

  /** EfficientNet at the given resolution (B0: 224). */
  public static ImageNetTransform efficientnet(int resolution) {
    return new ImageNetTransform(Normalization.EFFICIENTNET, resolution);
  }

  /**
   * Preprocesses one image.
   *
   * @param rgb {@code h × w × 3} values 0..255, HWC
   * @param dst receives {@code resolution × resolution × 3} floats at {@code offset}
   */
  public void apply(int[] rgb, int h, int w, float[] dst, int offset) {
    if (rgb.length != h * w * 3) {
      throw new IllegalArgumentException(
          "image of " + h + "x" + w + "x3 needs " + h * w * 3 + " values, found " + rgb.length);
    }
    if (normalization == Normalization.RESNET) {
      resnet(rgb, h, w, dst, offset);
    } else {
      efficientnet(rgb, h, w, dst, offset);
    }
  }

  /**
   * Size of the aspect-preserving resize, {newH, newW}, exactly as TF's float32 {@code
   * _smallest_size_at_least}.
   */
  static int[] resnetResizedSize(int h, int w, int resizeMin) {
    float smaller = Math.min(h, w);
    float scale = (float) resizeMin / smaller;
    return new int[] {(int) ((float) h * scale), (int) ((float) w * scale)};
  }

  int resnetResizeMin() {
    return resolution == 224 ? 256 : Math.round(resolution * 256f / 224f);
  }

  private void resnet(int[] rgb, int h, int w, float[] dst, int offset) {
    int crop = resolution;
    int[] size = resnetResizedSize(h, w, resnetResizeMin());
    int newH = size[0];
    int newW = size[1];
    if (newH < crop || newW < crop) {
      throw new IllegalArgumentException(
          "resized image "
              + newH
              + "x"
              + newW
              + " is smaller than the "
              + crop
              + "x"
              + crop
              + " crop");
    }
    int top = (newH - crop) / 2;
    int left = (newW - crop) / 2;
    float sy = (float) h / newH;
    float sx = (float) w / newW;
    int[] x0 = new int[crop];
    int[] x1 = new int[crop];
    float[] xl = new float[crop];
    for (int ox = 0; ox < crop; ox++) {
      float in = (left + ox) * sx;
      float f = (float) Math.floor(in);
      x0[ox] = Math.max((int) f, 0);
      x1[ox] = Math.min((int) Math.ceil(in), w - 1);
      xl[ox] = in - f;
    }
    for (int oy = 0; oy < crop; oy++) {
      float in = (top + oy) * sy;
      float f = (float) Math.floor(in);
      int y0 = Math.max((int) f, 0);
      int y1 = Math.min((int) Math.ceil(in), h - 1);
      float yl = in - f;
      int r0 = y0 * w * 3;
      int r1 = y1 * w * 3;
      int out = offset + oy * crop * 3;
      for (int ox = 0; ox < crop; ox++) {
        int a = x0[ox] * 3;
        int b = x1[ox] * 3;
        for (int c = 0; c < 3; c++) {
          float tl = rgb[r0 + a + c];
          float tr = rgb[r0 + b + c];
          float bl = rgb[r1 + a + c];
          float br = rgb[r1 + b + c];
          float topV = tl + (tr - tl) * xl[ox];
          float bottomV = bl + (br - bl) * xl[ox];
          float v = topV + (bottomV - topV) * yl;
          dst[out + ox * 3 + c] = v - RESNET_MEANS[c];
        }
      }
    }
  }

  /** Side of EfficientNet's padded centre crop, float32 as in TF. */
  static int efficientnetCropSize(int h, int w, int resolution) {
    float ratio = (float) (resolution / (double) (resolution + CROP_PADDING));
    return (int) (ratio * (float) Math.min(h, w));
  }

  private void efficientnet(int[] rgb, int h, int w, float[] dst, int offset) {
    int res = resolution;
    int cs = efficientnetCropSize(h, w, res);
    if (cs < 1) {
      throw new IllegalArgumentException(
          "image " + h + "x" + w + " is too small for the EfficientNet centre crop");
    }
    int offH = ((h - cs) + 1) / 2;
    int offW = ((w - cs) + 1) / 2;
    float scale = (float) cs / res;
    int[][] xi = new int[res][];
    float[][] xw = new float[res][];
    for (int ox = 0; ox < res; ox++) {
      xw[ox] = new float[4];
      xi[ox] = cubicTaps(ox, scale, cs, xw[ox]);
    }
    float[] yw = new float[4];
    float[] col = new float[4];
    for (int oy = 0; oy < res; oy++) {
      int[] yi = cubicTaps(oy, scale, cs, yw);
      int out = offset + oy * res * 3;
      for (int ox = 0; ox < res; ox++) {
        int[] xs = xi[ox];
        float[] wx = xw[ox];
        for (int c = 0; c < 3; c++) {
          // TF interpolates along y for each of the four columns, then along x
          for (int k = 0; k < 4; k++) {
            int xx = (offW + xs[k]) * 3 + c;
            col[k] =
                (float) rgb[((offH + yi[0]) * w) * 3 + xx] * yw[0]
                    + (float) rgb[((offH + yi[1]) * w) * 3 + xx] * yw[1]
                    + (float) rgb[((offH + yi[2]) * w) * 3 + xx] * yw[2]
                    + (float) rgb[((offH + yi[3]) * w) * 3 + xx] * yw[3];
          }
          float v = col[0] * wx[0] + col[1] * wx[1] + col[2] * wx[2] + col[3] * wx[3];
          dst[out + ox * 3 + c] = (v - EFFICIENTNET_MEANS[c]) / EFFICIENTNET_STDS[c];
        }
      }
    }
  }

  /**
   * TF 1 legacy bicubic: the four source indices (clamped to 0..limit-1) and their weights for
   * output {@code out}.
   */
  static int[] cubicTaps(int out, float scale, int limit, float[] weights) {
    float inF = out * scale;
    int in = (int) Math.floor(inF);
    float delta = inF - in;
    int off = (int) Math.rint(delta * TABLE_SIZE);
    weights[0] = CUBIC_TABLE[off * 2 + 1];
    weights[1] = CUBIC_TABLE[off * 2];
    weights[2] = CUBIC_TABLE[(TABLE_SIZE - off) * 2];
    weights[3] = CUBIC_TABLE[(TABLE_SIZE - off) * 2 + 1];
    return new int[] {
      bound(in - 1, limit), bound(in, limit), bound(in + 1, limit), bound(in + 2, limit)
    };
  }

  private static int bound(int v, int limit) {
    return Math.min(limit - 1, Math.max(0, v));
  }

  /** TF {@code InitCoeffsTable(a)}: Keys cubic weights for distances x and x+1, x = i/1024. */
  static float[] cubicTable(double a) {
    float[] t = new float[(TABLE_SIZE + 1) * 2];
    for (int i = 0; i <= TABLE_SIZE; i++) {
      float x = (float) (i * 1.0 / TABLE_SIZE);
      t[i * 2] = (float) (((a + 2) * x - (a + 3)) * x * x + 1);
      float x1 = x + 1f;
      t[i * 2 + 1] = (float) (((a * x1 - 5 * a) * x1 + 8 * a) * x1 - 4 * a);
    }
    return t;
  }
}
