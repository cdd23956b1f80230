package org.fsneurons.models.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.fsneurons.core.UserInputException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
  private static final int N = 5;
  private static final int ROWS = 4;
  private static final int COLS = 3;

  @TempDir Path dir;
  private byte[] pixels;
  private byte[] labels;

  @BeforeEach
  void makeData() {
    SplittableRandom rng = new SplittableRandom(1);
    pixels = new byte[N * ROWS * COLS];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) rng.nextInt(256);
    }
    pixels[0] = 0;
    pixels[1] = (byte) 255;
    labels = new byte[] {9, 0, 3, 7, 1};
  }

  private ImageSet read(Path images, Path labelFile, int limit, Normalization n) {
    return IdxReader.read(images, labelFile, limit, n, 0.2860f, 0.3530f, 10, "test");
  }

  @Test
  void rawAndGzipRoundTripExactPixelsAndLabels() throws IOException {
    byte[] img = Fixtures.idxImages(N, ROWS, COLS, pixels);
    byte[] lab = Fixtures.idxLabels(N, labels);
    Path rawImages = Fixtures.write(dir.resolve("raw-images-idx3-ubyte"), img);
    Path rawLabels = Fixtures.write(dir.resolve("raw-labels-idx1-ubyte"), lab);
    Path gzImages = Fixtures.write(dir.resolve("gz-images-idx3-ubyte.gz"), Fixtures.gzip(img));
    Path gzLabels = Fixtures.write(dir.resolve("gz-labels-idx1-ubyte.gz"), Fixtures.gzip(lab));
    float[] expected = new float[pixels.length];
    for (int i = 0; i < pixels.length; i++) {
      expected[i] = pixels[i] & 0xff;
    }
    for (Path[] files :
        new Path[][] {{rawImages, rawLabels}, {gzImages, gzLabels}, {rawImages, gzLabels}}) {
      ImageSet set = read(files[0], files[1], 0, Normalization.RAW);
      assertEquals(N, set.size());
      assertEquals(ROWS, set.height());
      assertEquals(COLS, set.width());
      assertEquals(1, set.channels());
      assertEquals(10, set.numClasses());
      assertArrayEquals(expected, set.pixels());
      assertArrayEquals(new int[] {9, 0, 3, 7, 1}, set.labels());
      assertEquals(9, set.label(0));
    }
  }

  @Test
  void meanStdIsTorchvisionToTensorThenNormalize() throws IOException {
    Path images = Fixtures.write(dir.resolve("i"), Fixtures.idxImages(N, ROWS, COLS, pixels));
    Path lab = Fixtures.write(dir.resolve("l"), Fixtures.idxLabels(N, labels));
    ImageSet set = read(images, lab, 0, Normalization.MEAN_STD);
    float[] x = set.image(0);
    // pixel 0 is 0: (0/255 - 0.2860) / 0.3530 = -0.81019...; pixel 1 is 255: (1 - 0.2860) / 0.3530
    // = 2.02266...
    assertEquals(-0.2860 / 0.3530, x[0], 1e-6);
    assertEquals((1 - 0.2860) / 0.3530, x[1], 1e-6);
    // exactly the float32 arithmetic of torch: ToTensor (p / 255) then Normalize ((x - mean) / std)
    int p = pixels[5] & 0xff;
    assertEquals(((float) p / 255f - 0.2860f) / 0.3530f, x[5]);
    ImageSet unit = read(images, lab, 0, Normalization.UNIT);
    assertEquals(1f, unit.image(0)[1]);
  }

  @Test
  void limitReadsOnlyTheFirstImagesAndIgnoresWhatFollows() throws IOException {
    // the file declares 5 images but holds only 2 and a half: with a limit of 2 nothing past them
    // is read
    byte[] img = Fixtures.idxImages(N, ROWS, COLS, Arrays.copyOf(pixels, 2 * ROWS * COLS + 5));
    Path images = Fixtures.write(dir.resolve("i.gz"), Fixtures.gzip(img));
    Path lab = Fixtures.write(dir.resolve("l"), Fixtures.idxLabels(N, Arrays.copyOf(labels, 2)));
    ImageSet set = read(images, lab, 2, Normalization.RAW);
    assertEquals(2, set.size());
    assertArrayEquals(new int[] {9, 0}, set.labels());
    assertEquals(pixels[ROWS * COLS] & 0xff, set.image(1)[0]);
  }

  @Test
  void truncatedImagesNameTheFileAndTheSizes() throws IOException {
    byte[] img = Fixtures.idxImages(N, ROWS, COLS, Arrays.copyOf(pixels, 20));
    Path lab = Fixtures.write(dir.resolve("l"), Fixtures.idxLabels(N, labels));
    for (Path images :
        new Path[] {
          Fixtures.write(dir.resolve("t10k-images-idx3-ubyte"), img),
          Fixtures.write(dir.resolve("t10k-images-idx3-ubyte.gz"), Fixtures.gzip(img))
        }) {
      UserInputException e =
          assertThrows(UserInputException.class, () -> read(images, lab, 0, Normalization.RAW));
      assertEquals(
          images
              + ": truncated: header says 5 images of 4x3 but the file ends after 20 bytes of image data"
              + " (expected 60)",
          e.getMessage());
    }
  }

  @Test
  void truncatedGzipStreamIsReportedAsTruncated() throws IOException {
    byte[] gz = Fixtures.gzip(Fixtures.idxImages(N, ROWS, COLS, pixels));
    Path images = Fixtures.write(dir.resolve("cut.gz"), Arrays.copyOf(gz, gz.length - 12));
    Path lab = Fixtures.write(dir.resolve("l"), Fixtures.idxLabels(N, labels));
    UserInputException e =
        assertThrows(UserInputException.class, () -> read(images, lab, 0, Normalization.RAW));
    assertTrue(
        e.getMessage().startsWith(images + ": truncated: header says 5 images of 4x3"),
        e.getMessage());
  }

  @Test
  void truncatedHeaderAndEmptyFile() throws IOException {
    Path lab = Fixtures.write(dir.resolve("l"), Fixtures.idxLabels(N, labels));
    Path shortHeader =
        Fixtures.write(
            dir.resolve("h"), Arrays.copyOf(Fixtures.idxImages(N, ROWS, COLS, pixels), 10));
    UserInputException e =
        assertThrows(UserInputException.class, () -> read(shortHeader, lab, 0, Normalization.RAW));
    assertEquals(
        shortHeader + ": truncated: the file ends inside the 16-byte IDX images header",
        e.getMessage());
    Path empty = Fixtures.write(dir.resolve("e"), new byte[0]);
    e = assertThrows(UserInputException.class, () -> read(empty, lab, 0, Normalization.RAW));
    assertEquals(empty + ": empty file, expected IDX images", e.getMessage());
  }

  @Test
  void wrongMagicNumber() throws IOException {
    Path lab = Fixtures.write(dir.resolve("l"), Fixtures.idxLabels(N, labels));
    // the labels file given as images
    UserInputException e =
        assertThrows(UserInputException.class, () -> read(lab, lab, 0, Normalization.RAW));
    assertEquals(
        lab
            + ": wrong magic number 0x00000801, expected 0x00000803 (IDX images: unsigned bytes, 3 dimensions);"
            + " this looks like an IDX labels file",
        e.getMessage());
    Path text = Fixtures.write(dir.resolve("notes.txt"), "hello world\n".getBytes());
    e = assertThrows(UserInputException.class, () -> read(text, lab, 0, Normalization.RAW));
    assertEquals(
        text
            + ": wrong magic number 0x68656c6c, expected 0x00000803 (IDX images: unsigned bytes, 3 dimensions)",
        e.getMessage());
    Path images = Fixtures.write(dir.resolve("i"), Fixtures.idxImages(N, ROWS, COLS, pixels));
    e = assertThrows(UserInputException.class, () -> read(images, images, 0, Normalization.RAW));
    assertTrue(
        e.getMessage().startsWith(images + ": wrong magic number 0x00000803, expected 0x00000801"));
  }

  @Test
  void imageLabelCountMismatch() throws IOException {
    Path images = Fixtures.write(dir.resolve("i"), Fixtures.idxImages(N, ROWS, COLS, pixels));
    Path lab = Fixtures.write(dir.resolve("l"), Fixtures.idxLabels(4, Arrays.copyOf(labels, 4)));
    UserInputException e =
        assertThrows(UserInputException.class, () -> read(images, lab, 0, Normalization.RAW));
    assertEquals(
        lab + ": has 4 labels but " + images + " has 5 images; the two files must belong together",
        e.getMessage());
    // also with a limit: the headers are always compared
    e = assertThrows(UserInputException.class, () -> read(images, lab, 2, Normalization.RAW));
    assertTrue(e.getMessage().startsWith(lab + ": has 4 labels"));
  }

  @Test
  void truncatedLabelsLabelOutOfRangeTrailingDataAndTooLargeLimit() throws IOException {
    Path images = Fixtures.write(dir.resolve("i"), Fixtures.idxImages(N, ROWS, COLS, pixels));
    Path cut = Fixtures.write(dir.resolve("cut"), Fixtures.idxLabels(N, Arrays.copyOf(labels, 3)));
    UserInputException e =
        assertThrows(UserInputException.class, () -> read(images, cut, 0, Normalization.RAW));
    assertEquals(
        cut + ": truncated: header says 5 labels but the file ends after 3 labels", e.getMessage());

    Path bad =
        Fixtures.write(dir.resolve("bad"), Fixtures.idxLabels(N, new byte[] {1, 2, 10, 3, 4}));
    e = assertThrows(UserInputException.class, () -> read(images, bad, 0, Normalization.RAW));
    assertEquals(bad + ": label 10 of image 2 is outside 0..9", e.getMessage());

    byte[] longer =
        Arrays.copyOf(Fixtures.idxImages(N, ROWS, COLS, pixels), 16 + N * ROWS * COLS + 1);
    Path trailing = Fixtures.write(dir.resolve("trailing"), longer);
    Path lab = Fixtures.write(dir.resolve("l"), Fixtures.idxLabels(N, labels));
    e = assertThrows(UserInputException.class, () -> read(trailing, lab, 0, Normalization.RAW));
    assertEquals(
        trailing
            + ": data after the 5 images of 4x3 that the header declares; is this an IDX images file?",
        e.getMessage());

    e = assertThrows(UserInputException.class, () -> read(images, lab, 6, Normalization.RAW));
    assertEquals(images + ": asked for the first 6 images but the file has only 5", e.getMessage());
  }

  @Test
  void missingFile() throws IOException {
    Path lab = Fixtures.write(dir.resolve("l"), Fixtures.idxLabels(N, labels));
    Path missing = dir.resolve("t10k-images-idx3-ubyte.gz");
    UserInputException e =
        assertThrows(UserInputException.class, () -> read(missing, lab, 0, Normalization.RAW));
    assertEquals(missing + ": file not found", e.getMessage());
  }

  @Test
  void normalizationsThatDoNotApplyAreRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> IdxReader.lookupTable(Normalization.RESNET, 0, 1));
    assertEquals(
        "normalization resnet does not apply to IDX images; allowed: raw, unit, mean-std",
        e.getMessage());
  }
}
