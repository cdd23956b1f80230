package org.fsneurons.models.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.fsneurons.core.UserInputException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageNetFolderTest {
  @TempDir Path dir;
  private Path images;

  @BeforeEach
  void writeJpegs() throws IOException {
    images = Files.createDirectory(dir.resolve("val"));
    // gray survives JPEG exactly (Cb = Cr = 128; at quality 1.0 a uniform block's DC coefficient is
    // exact)
    Fixtures.jpeg(
        images.resolve("ILSVRC2012_val_00000001.JPEG"), Fixtures.uniform(30, 40, 200, 200, 200));
    Fixtures.jpeg(
        images.resolve("ILSVRC2012_val_00000002.JPEG"), Fixtures.uniform(50, 36, 180, 40, 90));
    BufferedImage gray = new BufferedImage(33, 33, BufferedImage.TYPE_BYTE_GRAY);
    gray.getRaster().setSamples(0, 0, 33, 33, 0, filled(33 * 33, 60));
    Fixtures.jpeg(images.resolve("ILSVRC2012_val_00000003.jpg"), gray);
  }

  private static int[] filled(int n, int v) {
    int[] a = new int[n];
    Arrays.fill(a, v);
    return a;
  }

  private Path labels(String name, String text) throws IOException {
    return Fixtures.write(dir.resolve(name), text.getBytes());
  }

  @Test
  void filenameLabelFormResnetGivesMeanSubtractedUniformColour() throws IOException {
    Path l =
        labels(
            "val.txt",
            "ILSVRC2012_val_00000001.JPEG 65\nILSVRC2012_val_00000002.JPEG 970\n\nILSVRC2012_val_00000003.jpg 0\n");
    ImageNetFolder set =
        ImageNetFolder.open(images, l, 0, ImageNetTransform.resnet(), "imagenet:val");
    assertEquals(3, set.size());
    assertArrayEquals(new int[] {65, 970, 0}, set.labels(0, 3));
    assertEquals(1000, set.numClasses());
    assertEquals(224, set.height());
    assertEquals(224, set.width());
    assertEquals(3, set.channels());
    float[] img = set.image(0);
    assertEquals(224 * 224 * 3, img.length);
    // uniform gray 200: resize and crop keep 200; minus the TF ResNet means [123.68, 116.78,
    // 103.94]
    for (int p = 0; p < 224 * 224; p += 97) {
      assertEquals(200f - 123.68f, img[3 * p]);
      assertEquals(200f - 116.78f, img[3 * p + 1]);
      assertEquals(200f - 103.94f, img[3 * p + 2]);
    }
    assertEquals(76.32f, img[0], 1e-4f);
    // a colour that JPEG changes a little: expected from the pixel javax.imageio decodes
    int rgb = ImageIO.read(images.resolve("ILSVRC2012_val_00000002.JPEG").toFile()).getRGB(18, 25);
    float[] second = set.image(1);
    int mid = (112 * 224 + 112) * 3;
    assertEquals(((rgb >> 16) & 0xff) - 123.68f, second[mid], 1e-4f);
    assertEquals(((rgb >> 8) & 0xff) - 116.78f, second[mid + 1], 1e-4f);
    assertEquals((rgb & 0xff) - 103.94f, second[mid + 2], 1e-4f);
    // a grayscale JPEG is replicated to three channels from its raw gray value
    float[] third = set.image(2);
    assertEquals(60f - 123.68f, third[0]);
    assertEquals(60f - 103.94f, third[2]);
  }

  @Test
  void labelOnlyFormFollowsSortedFileNamesAndBatchesInBothLayouts() throws IOException {
    Path l = labels("ILSVRC2012_validation_ground_truth.txt", "490\n361\n171\n");
    ImageNetFolder set =
        ImageNetFolder.open(images, l, 0, ImageNetTransform.resnet(), "imagenet:val");
    assertEquals(images.resolve("ILSVRC2012_val_00000001.JPEG"), set.file(0));
    assertEquals(images.resolve("ILSVRC2012_val_00000003.jpg"), set.file(2));
    assertEquals(171, set.label(2));
    float[] nhwc = new float[3 * set.imageSize()];
    float[] nchw = new float[3 * set.imageSize()];
    set.batch(0, 3, Layout.NHWC, nhwc);
    set.batch(0, 3, Layout.NCHW, nchw);
    int plane = 224 * 224;
    for (int b = 0; b < 3; b++) {
      for (int p = 0; p < plane; p += 1013) {
        for (int c = 0; c < 3; c++) {
          assertEquals(nhwc[b * 3 * plane + p * 3 + c], nchw[b * 3 * plane + c * plane + p]);
        }
      }
    }
    assertEquals(200f - 116.78f, nchw[plane + 5]); // image 0, channel G
    assertArrayEquals(new long[] {3, 3, 224, 224}, set.batchShape(3, Layout.NCHW));

    ImageNetFolder two =
        ImageNetFolder.open(images, l, 2, ImageNetTransform.resnet(), "imagenet:val:2");
    assertEquals(2, two.size());
  }

  @Test
  void efficientnetNormalisesWithMeanAndStd() throws IOException {
    Path l = labels("labels.txt", "ILSVRC2012_val_00000001.JPEG 1\n");
    ImageNetFolder set =
        ImageNetFolder.open(images, l, 0, ImageNetTransform.efficientnet(240), "e");
    float[] img = set.image(0);
    assertEquals(240 * 240 * 3, img.length);
    // (200 - 0.485*255) / (0.229*255) = 76.325 / 58.395 = 1.30704...; bicubic of a constant is the
    // constant
    // up to float rounding of the weights' sum
    assertEquals((200 - 0.485 * 255) / (0.229 * 255), img[0], 1e-4);
    assertEquals((200 - 0.406 * 255) / (0.225 * 255), img[(239 * 240 + 239) * 3 + 2], 1e-4);
  }

  @Test
  void missingLabelInFilenameLabelForm() throws IOException {
    Path l = labels("val.txt", "ILSVRC2012_val_00000001.JPEG 65\nILSVRC2012_val_00000002.JPEG\n");
    UserInputException e =
        assertThrows(
            UserInputException.class,
            () -> ImageNetFolder.open(images, l, 0, ImageNetTransform.resnet(), "x"));
    assertEquals(
        l + ":2: missing label for ILSVRC2012_val_00000002.JPEG (lines are 'FILENAME LABEL')",
        e.getMessage());
  }

  @Test
  void missingLabelInLabelOnlyForm() throws IOException {
    Path l = labels("labels.txt", "490\n361\n");
    UserInputException e =
        assertThrows(
            UserInputException.class,
            () -> ImageNetFolder.open(images, l, 0, ImageNetTransform.resnet(), "x"));
    assertEquals(
        l
            + ": 2 labels for 3 images in "
            + images
            + ": missing label for ILSVRC2012_val_00000003.jpg"
            + " (one label per line, in sorted file-name order)",
        e.getMessage());
    Path more = labels("more.txt", "1\n2\n3\n4\n");
    e =
        assertThrows(
            UserInputException.class,
            () -> ImageNetFolder.open(images, more, 0, ImageNetTransform.resnet(), "x"));
    assertEquals(
        more
            + ": 4 labels but "
            + images
            + " has only 3 images (.jpeg, .jpg, .png); one label per line, in sorted"
            + " file-name order",
        e.getMessage());
  }

  @Test
  void missingImageFileAndBadLabel() throws IOException {
    Path l = labels("val.txt", "ILSVRC2012_val_00000001.JPEG 65\nILSVRC2012_val_00000009.JPEG 3\n");
    UserInputException e =
        assertThrows(
            UserInputException.class,
            () -> ImageNetFolder.open(images, l, 0, ImageNetTransform.resnet(), "x"));
    assertEquals(
        images.resolve("ILSVRC2012_val_00000009.JPEG") + ": file not found (listed in " + l + ")",
        e.getMessage());
    Path bad = labels("bad.txt", "ILSVRC2012_val_00000001.JPEG cat\n");
    e =
        assertThrows(
            UserInputException.class,
            () -> ImageNetFolder.open(images, bad, 0, ImageNetTransform.resnet(), "x"));
    assertEquals(bad + ":1: label 'cat' is not a non-negative integer", e.getMessage());
    Path noFile = dir.resolve("nothing.txt");
    e =
        assertThrows(
            UserInputException.class,
            () -> ImageNetFolder.open(images, noFile, 0, ImageNetTransform.resnet(), "x"));
    assertEquals(noFile + ": labels file not found", e.getMessage());
  }

  @Test
  void undecodableImageNamesTheFileWhenRead() throws IOException {
    Fixtures.write(images.resolve("ILSVRC2012_val_00000004.JPEG"), "not a jpeg".getBytes());
    Path l = labels("val.txt", "ILSVRC2012_val_00000004.JPEG 5\n");
    ImageNetFolder set = ImageNetFolder.open(images, l, 0, ImageNetTransform.resnet(), "x");
    UserInputException e = assertThrows(UserInputException.class, () -> set.image(0));
    assertEquals(
        images.resolve("ILSVRC2012_val_00000004.JPEG")
            + ": not an image javax.imageio can decode (expected a JPEG file)",
        e.getMessage());
    float[] dst = new float[set.imageSize()];
    e = assertThrows(UserInputException.class, () -> set.batch(0, 1, Layout.NCHW, dst));
    assertEquals(
        images.resolve("ILSVRC2012_val_00000004.JPEG")
            + ": not an image javax.imageio can decode (expected a JPEG file)",
        e.getMessage());
  }
}
