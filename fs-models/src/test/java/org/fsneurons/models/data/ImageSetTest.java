package org.fsneurons.models.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ImageSetTest {
  // two images of 2x2x3; value = 100*image + 10*pixel + channel, so each position is readable
  private static final float[] NHWC = {
    0, 1, 2, 10, 11, 12, 20, 21, 22, 30, 31, 32, 100, 101, 102, 110, 111, 112, 120, 121, 122, 130,
    131, 132
  };

  private final ImageSet set =
      new ImageSet("t", 2, 2, 3, NHWC, new int[] {4, 1}, 5, Normalization.RAW);

  @Test
  void batchesInBothLayouts() {
    float[] dst = new float[24 + 3];
    dst[24] = -1;
    set.batch(0, 2, Layout.NHWC, dst);
    for (int i = 0; i < 24; i++) {
      assertEquals(NHWC[i], dst[i]);
    }
    assertEquals(-1, dst[24]); // the rest of a longer buffer stays as it was
    set.batch(1, 1, Layout.NCHW, dst);
    assertArrayEquals(
        new float[] {100, 110, 120, 130, 101, 111, 121, 131, 102, 112, 122, 132},
        Arrays.copyOf(dst, 12));
    assertArrayEquals(new long[] {2, 3, 2, 2}, set.batchShape(2, Layout.NCHW));
    assertArrayEquals(new long[] {2, 2, 2, 3}, set.batchShape(2, Layout.NHWC));
    assertEquals(4, set.label(0));
    assertArrayEquals(new int[] {1}, set.labels(1, 1));
    assertArrayEquals(
        new float[] {100, 101, 102, 110, 111, 112, 120, 121, 122, 130, 131, 132}, set.image(1));
  }

  @Test
  void theDefaultBatchOfTheInterfaceAgreesWithTheFastOne() {
    ImageDataset slow =
        new ImageDataset() {
          public String name() {
            return "slow";
          }

          public int size() {
            return 2;
          }

          public int height() {
            return 2;
          }

          public int width() {
            return 2;
          }

          public int channels() {
            return 3;
          }

          public int numClasses() {
            return 5;
          }

          public Normalization normalization() {
            return Normalization.RAW;
          }

          public int label(int i) {
            return set.label(i);
          }

          public void imageInto(int i, float[] dst, int offset) {
            set.imageInto(i, dst, offset);
          }
        };
    float[] a = new float[24];
    float[] b = new float[24];
    for (Layout layout : Layout.values()) {
      slow.batch(0, 2, layout, a);
      set.batch(0, 2, layout, b);
      assertArrayEquals(b, a, layout.toString());
    }
  }

  @Test
  void validation() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new ImageSet("t", 2, 2, 3, new float[23], new int[] {0, 1}, 5, Normalization.RAW));
    assertEquals("image set 't': 2 labels need 24 pixel values of 2x2x3, found 23", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new ImageSet("t", 2, 2, 3, NHWC, new int[] {0, 5}, 5, Normalization.RAW));
    assertEquals("image set 't': label 5 of image 1 is outside 0..4", e.getMessage());
    IndexOutOfBoundsException o =
        assertThrows(
            IndexOutOfBoundsException.class, () -> set.batch(1, 2, Layout.NHWC, new float[24]));
    assertEquals("images 1..2 requested from t of 2", o.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> set.batch(0, 2, Layout.NHWC, new float[20]));
    assertEquals("batch of 2 images of 12 floats needs 24 floats, dst has 20", e.getMessage());
  }
}
