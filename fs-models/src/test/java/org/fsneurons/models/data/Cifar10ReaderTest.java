package org.fsneurons.models.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.fsneurons.core.UserInputException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cifar10ReaderTest {
  @TempDir Path dir;
  private Path batch;

  /** Pixel value of record r at channel c, row y, column x: distinct for every position. */
  private static int value(int r, int c, int y, int x) {
    return (r * 50 + c * 17 + y * 3 + x) % 256;
  }

  @BeforeEach
  void writeThreeRecords() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int[] labels = {3, 9, 0};
    for (int r = 0; r < 3; r++) {
      int[] chw = new int[3072];
      for (int c = 0; c < 3; c++) {
        for (int y = 0; y < 32; y++) {
          for (int x = 0; x < 32; x++) {
            chw[c * 1024 + y * 32 + x] = value(r, c, y, x);
          }
        }
      }
      out.write(Fixtures.cifarRecord(labels[r], chw));
    }
    batch = Fixtures.write(dir.resolve("test_batch.bin"), out.toByteArray());
  }

  @Test
  void threeRecordsComeOutHwcWithTheirLabels() {
    ImageSet set = Cifar10Reader.read(List.of(batch), 0, Normalization.RAW, "cifar10:test");
    assertEquals(3, set.size());
    assertArrayEquals(new int[] {3, 9, 0}, set.labels());
    assertEquals(32, set.height());
    assertEquals(3, set.channels());
    for (int r = 0; r < 3; r++) {
      float[] img = set.image(r);
      for (int y = 0; y < 32; y += 7) {
        for (int x = 0; x < 32; x += 5) {
          for (int c = 0; c < 3; c++) {
            assertEquals(
                value(r, c, y, x),
                img[(y * 32 + x) * 3 + c],
                "r" + r + " y" + y + " x" + x + " c" + c);
          }
        }
      }
    }
    // and back to CHW through a batch
    float[] nchw = new float[3 * 3072];
    set.batch(0, 3, Layout.NCHW, nchw);
    assertEquals(value(2, 1, 4, 6), nchw[2 * 3072 + 1 * 1024 + 4 * 32 + 6]);
    ImageSet unit = Cifar10Reader.read(List.of(batch), 0, Normalization.UNIT, "u");
    assertEquals(value(1, 2, 3, 4) / 255f, unit.image(1)[(3 * 32 + 4) * 3 + 2]);
  }

  @Test
  void perImageStandardizationByHand() throws IOException {
    // checkerboard of 0 and 255: mean 127.5, std 127.5, so every value becomes -1 or +1
    int[] chw = new int[3072];
    for (int i = 0; i < 3072; i++) {
      chw[i] = (i % 2) * 255;
    }
    // uniform 77: std 0 < 1/sqrt(3072), so (77 - 77) * sqrt(3072) = 0 everywhere
    int[] flat = new int[3072];
    Arrays.fill(flat, 77);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(Fixtures.cifarRecord(1, chw));
    out.write(Fixtures.cifarRecord(2, flat));
    Path f = Fixtures.write(dir.resolve("data_batch_1.bin"), out.toByteArray());
    ImageSet set = Cifar10Reader.read(List.of(f), 0, Normalization.PER_IMAGE, "p");
    float[] a = set.image(0);
    assertEquals(-1f, a[0]); // channel 0, pixel 0 = chw[0] = 0
    assertEquals(1f, a[3]); // channel 0, pixel 1 = chw[1] = 255
    assertEquals(-1f, a[1]); // channel 1, pixel 0 = chw[1024] = 0
    float[] b = set.image(1);
    for (float v : b) {
      assertEquals(0f, v);
    }
  }

  @Test
  void limitStopsAcrossFiles() {
    ImageSet two = Cifar10Reader.read(List.of(batch, batch), 4, Normalization.RAW, "x");
    assertArrayEquals(new int[] {3, 9, 0, 3}, two.labels());
    ImageSet one = Cifar10Reader.read(List.of(batch), 1, Normalization.RAW, "x");
    assertEquals(1, one.size());
    UserInputException e =
        assertThrows(
            UserInputException.class,
            () -> Cifar10Reader.read(List.of(batch), 4, Normalization.RAW, "x"));
    assertEquals(
        batch + ": asked for the first 4 CIFAR-10 images but the file has only 3", e.getMessage());
  }

  @Test
  void truncatedFile() throws IOException {
    byte[] whole = Files.readAllBytes(batch);
    Path cut =
        Fixtures.write(dir.resolve("data_batch_2.bin"), Arrays.copyOf(whole, 2 * 3073 + 100));
    UserInputException e =
        assertThrows(
            UserInputException.class,
            () -> Cifar10Reader.read(List.of(cut), 0, Normalization.RAW, "x"));
    assertEquals(
        cut
            + ": truncated: 6246 bytes is not a whole number of 3073-byte CIFAR-10 records (1 label byte + 3072"
            + " pixel bytes); the last record has only 100 bytes",
        e.getMessage());
  }

  @Test
  void labelAboveNineIsAWrongFormat() throws IOException {
    Path f = Fixtures.write(dir.resolve("b.bin"), Fixtures.cifarRecord(31, new int[3072]));
    UserInputException e =
        assertThrows(
            UserInputException.class,
            () -> Cifar10Reader.read(List.of(f), 0, Normalization.RAW, "x"));
    assertEquals(
        f
            + ": record 0 has label 31, CIFAR-10 labels are 0..9 (is this a CIFAR-10 binary batch, not the CIFAR-100"
            + " or Python version or a compressed file?)",
        e.getMessage());
  }

  @Test
  void missingFile() {
    Path missing = dir.resolve("data_batch_3.bin");
    UserInputException e =
        assertThrows(
            UserInputException.class,
            () -> Cifar10Reader.read(List.of(missing), 0, Normalization.RAW, "x"));
    assertEquals(missing + ": file not found", e.getMessage());
  }
}
