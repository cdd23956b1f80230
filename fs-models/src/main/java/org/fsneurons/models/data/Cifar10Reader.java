package org.fsneurons.models.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fsneurons.core.UserInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads CIFAR-10 binary batches ({@code data_batch_1.bin .. data_batch_5.bin}, {@code
 * test_batch.bin} from {@code cifar-10-binary.tar.gz}, www.cs.toronto.edu/~kriz/cifar.html):
 * records of 1 label byte (0..9) and 3072 pixel bytes, the 1024 red values row by row, then green,
 * then blue (CHW, 32×32). Images come out HWC as TF official r1 {@code cifar10_main.py} arranges
 * them ({@code transpose(depth_major, [1, 2, 0])}).
 *
 * <p>Files are read in the order given; with a limit, reading stops after that many records. A file
 * whose size is not a whole number of records is reported as truncated; a label above 9 as a wrong
 * format.
 */
public final class Cifar10Reader {
  public static final int SIDE = 32;
  public static final int CHANNELS = 3;
  public static final int PIXELS = SIDE * SIDE * CHANNELS;

  /** Bytes per record: 1 label byte + 3072 pixel bytes. */
  public static final int RECORD = 1 + PIXELS;

  public static final int CLASSES = 10;

  /** The training batches in reading order. */
  public static final List<String> TRAIN_FILES =
      List.of(
          "data_batch_1.bin",
          "data_batch_2.bin",
          "data_batch_3.bin",
          "data_batch_4.bin",
          "data_batch_5.bin");

  /** The test batch. */
  public static final List<String> TEST_FILES = List.of("test_batch.bin");

  private static final Logger LOG = LoggerFactory.getLogger(Cifar10Reader.class);

  private Cifar10Reader() {}

  /**
   * Reads the records of {@code files} in order.
   *
   * @param limit read only the first {@code limit} records over all files; 0 reads all
   * @param normalization {@link Normalization#RAW}, {@link Normalization#UNIT} or {@link
   *     Normalization#PER_IMAGE}
   */
  public static ImageSet read(
      List<Path> files, int limit, Normalization normalization, String name) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be >= 0 (0 = all), found " + limit);
    }
    if (normalization != Normalization.RAW
        && normalization != Normalization.UNIT
        && normalization != Normalization.PER_IMAGE) {
      throw new IllegalArgumentException(
          "normalization "
              + normalization
              + " does not apply to CIFAR-10; allowed: "
              + Normalization.names(
                  Normalization.RAW, Normalization.UNIT, Normalization.PER_IMAGE));
    }
    long t0 = System.nanoTime();
    long[] records = new long[files.size()];
    long total = 0;
    for (int f = 0; f < files.size(); f++) {
      Path file = files.get(f);
      long size = fileSize(file);
      if (size % RECORD != 0) {
        throw new UserInputException(
            file
                + ": truncated: "
                + size
                + " bytes is not a whole number of "
                + RECORD
                + "-byte CIFAR-10 records (1 label byte + 3072 pixel bytes); the last record has only "
                + size % RECORD
                + " bytes");
      }
      records[f] = size / RECORD;
      total += records[f];
      if (limit > 0 && total >= limit) {
        break;
      }
    }
    if (limit > total) {
      throw new UserInputException(
          files.get(files.size() - 1)
              + ": asked for the first "
              + limit
              + " CIFAR-10 images but "
              + (files.size() == 1 ? "the file has" : "the " + files.size() + " files have")
              + " only "
              + total);
    }
    int n = (int) (limit == 0 ? total : limit);
    if ((long) n * PIXELS > Integer.MAX_VALUE - 8) {
      throw new UserInputException(
          files.get(0) + ": " + n + " CIFAR-10 images are too many to hold; use a limit");
    }
    float[] pixels = new float[n * PIXELS];
    int[] labels = new int[n];
    byte[] rec = new byte[RECORD];
    float[] chw = new float[PIXELS];
    int i = 0;
    for (int f = 0; f < files.size() && i < n; f++) {
      Path file = files.get(f);
      try (InputStream in = Files.newInputStream(file)) {
        for (long r = 0; r < records[f] && i < n; r++, i++) {
          int got = DataFiles.readUpTo(in, file, rec, 0, RECORD);
          if (got < RECORD) {
            throw new UserInputException(
                file
                    + ": truncated: the file ends inside record "
                    + r
                    + " ("
                    + got
                    + " of "
                    + RECORD
                    + " bytes)");
          }
          int label = rec[0] & 0xff;
          if (label >= CLASSES) {
            throw new UserInputException(
                file
                    + ": record "
                    + r
                    + " has label "
                    + label
                    + ", CIFAR-10 labels are 0..9 "
                    + "(is this a CIFAR-10 binary batch, not the CIFAR-100 or Python version or a compressed file?)");
          }
          labels[i] = label;
          for (int p = 0; p < PIXELS; p++) {
            chw[p] = rec[1 + p] & 0xff;
          }
          toHwc(chw, pixels, i * PIXELS, normalization);
        }
      } catch (IOException e) {
        throw new UserInputException(file + ": cannot read: " + e.getMessage(), e);
      }
    }
    LOG.debug(
        "read {} CIFAR-10 images from {} file(s) in {} ms",
        n,
        files.size(),
        (System.nanoTime() - t0) / 1_000_000);
    return ImageSet.wrap(name, SIDE, SIDE, CHANNELS, pixels, labels, CLASSES, normalization);
  }

  private static long fileSize(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new UserInputException(file + ": file not found");
    }
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UserInputException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  /** CHW pixel values 0..255 → normalised HWC at {@code dst[off..]}. */
  static void toHwc(float[] chw, float[] dst, int off, Normalization normalization) {
    float mean = 0f;
    float scale = 1f;
    if (normalization == Normalization.UNIT) {
      scale = 255f;
    } else if (normalization == Normalization.PER_IMAGE) {
      // tf.image.per_image_standardization: (x - mean) / max(stddev, 1/sqrt(N)), N = H*W*C
      double sum = 0;
      double sumSq = 0;
      for (float v : chw) {
        sum += v;
        sumSq += (double) v * v;
      }
      double m = sum / PIXELS;
      double variance = Math.max(0, sumSq / PIXELS - m * m);
      mean = (float) m;
      scale = (float) Math.max(Math.sqrt(variance), 1.0 / Math.sqrt(PIXELS));
    }
    int plane = SIDE * SIDE;
    for (int p = 0; p < plane; p++) {
      for (int c = 0; c < CHANNELS; c++) {
        dst[off + p * CHANNELS + c] = (chw[c * plane + p] - mean) / scale;
      }
    }
  }
}
