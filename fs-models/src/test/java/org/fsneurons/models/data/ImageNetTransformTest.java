package org.fsneurons.models.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ImageNetTransformTest {

  /** An h×w RGB image whose red value is the column index, green the row index, blue 7. */
  private static int[] gradient(int h, int w) {
    int[] rgb = new int[h * w * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        rgb[(y * w + x) * 3] = x;
        rgb[(y * w + x) * 3 + 1] = y;
        rgb[(y * w + x) * 3 + 2] = 7;
      }
    }
    return rgb;
  }

  @Test
  void resnetResizeSizeIsTfFloat32Arithmetic() {
    // ImageNet's most common size 500x375 (w x h): 256/375 = 0.68266666f; 500 * that = 341.33 ->
    // 341
    assertArrayEquals(new int[] {256, 341}, ImageNetTransform.resnetResizedSize(375, 500, 256));
    // 41f * (256f/41f) = 255.99998f in float32 (the quotient rounds down), truncated to 255 as TF
    // does
    assertArrayEquals(new int[] {255, 374}, ImageNetTransform.resnetResizedSize(41, 60, 256));
    assertArrayEquals(new int[] {256, 341}, ImageNetTransform.resnetResizedSize(30, 40, 256));
    assertArrayEquals(new int[] {256, 256}, ImageNetTransform.resnetResizedSize(256, 256, 256));
  }

  @Test
  void resnetBilinearUpsamplingByTwoByHand() {
    // 128x128 -> 256x256 (scale 0.5, source x = X/2), crop at 16: red at output column c is (16 +
    // c) / 2
    int[] rgb = gradient(128, 128);
    float[] out = new float[224 * 224 * 3];
    ImageNetTransform.resnet().apply(rgb, 128, 128, out, 0);
    for (int oy = 0; oy < 224; oy += 11) {
      for (int ox = 0; ox < 224; ox += 3) {
        int i = (oy * 224 + ox) * 3;
        assertEquals((16 + ox) / 2f - 123.68f, out[i], 1e-4f);
        assertEquals((16 + oy) / 2f - 116.78f, out[i + 1], 1e-4f);
        assertEquals(7f - 103.94f, out[i + 2], 1e-4f);
      }
    }
  }

  @Test
  void resnetWithoutResizeIsTheCentralCrop() {
    int[] rgb = gradient(256, 300);
    float[] out = new float[224 * 224 * 3];
    ImageNetTransform.resnet().apply(rgb, 256, 300, out, 0);
    // no resize (shorter side already 256); top = 16, left = (300 - 224) / 2 = 38
    assertEquals(38 - 123.68f, out[0]);
    assertEquals(16 - 116.78f, out[1]);
    assertEquals(38 + 223 - 123.68f, out[223 * 3]);
  }

  @Test
  void efficientnetCropWithPadding32() {
    // 224/(224+32) = 0.875; 0.875 * 375 = 328.125 -> 328
    assertEquals(328, ImageNetTransform.efficientnetCropSize(375, 500, 224));
    assertEquals(224, ImageNetTransform.efficientnetCropSize(256, 256, 224));
    // B7: 600/632 * 480 = 455.7 -> 455
    assertEquals(455, ImageNetTransform.efficientnetCropSize(480, 640, 600));
  }

  @Test
  void efficientnetWhenTheCropIsTheOutputSizeIsTheNormalisedCrop() {
    // a 256x256 image at 224: crop 224 at offset ((256 - 224) + 1) / 2 = 16, bicubic at scale 1 is
    // the identity
    int[] rgb = gradient(256, 256);
    float[] out = new float[224 * 224 * 3];
    ImageNetTransform.efficientnet(224).apply(rgb, 256, 256, out, 0);
    for (int oy = 0; oy < 224; oy += 13) {
      for (int ox = 0; ox < 224; ox += 7) {
        int i = (oy * 224 + ox) * 3;
        assertEquals((16 + ox - 0.485 * 255) / (0.229 * 255), out[i], 1e-5);
        assertEquals((16 + oy - 0.456 * 255) / (0.224 * 255), out[i + 1], 1e-5);
      }
    }
  }

  @Test
  void cubicTableIsKeysWithAMinus075() {
    float[] t = ImageNetTransform.cubicTable(-0.75);
    // at distance 0 the weight is 1, at 1 and 2 it is 0; the four weights of every offset sum to 1
    assertEquals(1f, t[0]);
    assertEquals(0f, t[1]);
    assertEquals(0f, t[2 * 1024]);
    assertEquals(0f, t[2 * 1024 + 1], 1e-6f);
    // distance 0.5: (a+2)/8 - (a+3)/4 + 1 = 0.15625 - 0.5625 + 1 = 0.59375;
    // distance 1.5: a(3.375 - 11.25 + 12 - 4) = -0.09375
    assertEquals(0.59375f, t[2 * 512]);
    assertEquals(-0.09375f, t[2 * 512 + 1]);
    for (int off = 0; off <= 1024; off += 37) {
      double sum = t[off * 2 + 1] + t[off * 2] + t[(1024 - off) * 2] + t[(1024 - off) * 2 + 1];
      assertEquals(1.0, sum, 1e-6);
    }
  }

  @Test
  void onlyImagenetNormalisations() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new ImageNetTransform(Normalization.UNIT, 224));
    assertEquals(
        "normalization unit does not apply to ImageNet; allowed: resnet, efficientnet",
        e.getMessage());
  }
}
