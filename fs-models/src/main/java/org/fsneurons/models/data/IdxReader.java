package org.fsneurons.models.data;

import java.io.InputStream;
import java.nio.file.Path;
import org.fsneurons.core.UserInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads MNIST-style IDX files (Fashion-MNIST, MNIST, EMNIST), gzip-compressed or raw (detected by
 * the gzip magic).
 *
 * <p>Format (big-endian; yann.lecun.com/exdb/mnist): a magic number {@code 00 00 08 NDIM} (type 08
 * = unsigned byte), NDIM 32-bit dimension sizes, then the bytes. Images: {@code 0x00000803}, sizes
 * count, rows, cols, then count·rows·cols pixels row by row (0 = background). Labels: {@code
 * 0x00000801}, size count, then count label bytes.
 *
 * <p>With a limit only the headers and the first {@code limit} images and labels are read. Every
 * problem (missing file, wrong magic number, truncated file, count mismatch, label out of range,
 * data after the declared end) is a {@link UserInputException} whose message starts with the file's
 * path.
 */
public final class IdxReader {
  /** Magic number of an IDX image file: unsigned bytes, 3 dimensions. */
  public static final int IMAGES_MAGIC = 0x00000803;

  /** Magic number of an IDX label file: unsigned bytes, 1 dimension. */
  public static final int LABELS_MAGIC = 0x00000801;

  private static final Logger LOG = LoggerFactory.getLogger(IdxReader.class);

  private IdxReader() {}

  /**
   * Reads images and labels into an {@link ImageSet} of count × rows × cols × 1.
   *
   * @param limit read only the first {@code limit} images and labels; 0 reads all
   * @param normalization {@link Normalization#RAW}, {@link Normalization#UNIT} or {@link
   *     Normalization#MEAN_STD}
   * @param mean used by MEAN_STD: {@code (p/255 - mean) / std}
   * @param numClasses labels must lie in {@code 0..numClasses-1}
   */
  public static ImageSet read(
      Path images,
      Path labels,
      int limit,
      Normalization normalization,
      float mean,
      float std,
      int numClasses,
      String name) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be >= 0 (0 = all), found " + limit);
    }
    float[] lut = lookupTable(normalization, mean, std);
    long t0 = System.nanoTime();
    int[] dims = new int[4];
    byte[] raw = readImages(images, limit, dims);
    int[] lab = readLabels(labels, dims[0], dims[3], images, numClasses);
    float[] pixels = new float[raw.length];
    for (int i = 0; i < raw.length; i++) {
      pixels[i] = lut[raw[i] & 0xff];
    }
    int n = lab.length;
    long ms = (System.nanoTime() - t0) / 1_000_000;
    LOG.debug("read {} images {}x{} from {} in {} ms", n, dims[1], dims[2], images, ms);
    return ImageSet.wrap(name, dims[1], dims[2], 1, pixels, lab, numClasses, normalization);
  }

  /**
   * The float value of each byte value 0..255 under the normalisation (float32 arithmetic, as
   * PyTorch).
   */
  static float[] lookupTable(Normalization normalization, float mean, float std) {
    float[] lut = new float[256];
    for (int p = 0; p < 256; p++) {
      lut[p] =
          switch (normalization) {
            case RAW -> p;
            case UNIT -> (float) p / 255f;
            case MEAN_STD -> ((float) p / 255f - mean) / std;
            default ->
                throw new IllegalArgumentException(
                    "normalization "
                        + normalization
                        + " does not apply to IDX images; allowed: "
                        + Normalization.names(
                            Normalization.RAW, Normalization.UNIT, Normalization.MEAN_STD));
          };
    }
    return lut;
  }

  /**
   * Reads the image header and the first {@code limit} (0: all) images; fills dims with {count
   * read, rows, cols, count in the header}.
   */
  static byte[] readImages(Path file, int limit, int[] dims) {
    InputStream in = DataFiles.open(file);
    try {
      int[] header = readHeader(in, file, IMAGES_MAGIC, "images");
      int count = header[0];
      int rows = header[1];
      int cols = header[2];
      if (count < 0 || rows < 1 || cols < 1) {
        throw new UserInputException(
            file
                + ": bad IDX header: "
                + count
                + " images of "
                + rows
                + "x"
                + cols
                + ", expected a count >= 0 and sizes >= 1");
      }
      if (limit > count) {
        throw new UserInputException(
            file + ": asked for the first " + limit + " images but the file has only " + count);
      }
      int n = limit == 0 ? count : limit;
      long bytes = (long) n * rows * cols;
      if (bytes > Integer.MAX_VALUE - 8) {
        throw new UserInputException(
            file
                + ": "
                + n
                + " images of "
                + rows
                + "x"
                + cols
                + " are too many to hold in memory; use a limit");
      }
      byte[] data = new byte[(int) bytes];
      int got = DataFiles.readUpTo(in, file, data, 0, data.length);
      if (got < data.length) {
        throw new UserInputException(
            file
                + ": truncated: header says "
                + count
                + " images of "
                + rows
                + "x"
                + cols
                + " but the file ends after "
                + got
                + " bytes of image data"
                + (n < count
                    ? " (needed " + bytes + " for the first " + n + ")"
                    : " (expected " + bytes + ")"));
      }
      if (n == count && DataFiles.hasMore(in, file)) {
        throw new UserInputException(
            file
                + ": data after the "
                + count
                + " images of "
                + rows
                + "x"
                + cols
                + " that the header declares; is this an IDX images file?");
      }
      dims[0] = n;
      dims[1] = rows;
      dims[2] = cols;
      dims[3] = count;
      return data;
    } finally {
      DataFiles.closeQuietly(in);
    }
  }

  /**
   * Reads the first {@code n} labels and checks that the label file declares as many labels as the
   * image file declares images ({@code imagesDeclared}).
   */
  static int[] readLabels(Path file, int n, int imagesDeclared, Path imagesFile, int numClasses) {
    InputStream in = DataFiles.open(file);
    try {
      int count = readHeader(in, file, LABELS_MAGIC, "labels")[0];
      if (count < 0) {
        throw new UserInputException(
            file + ": bad IDX header: label count " + count + ", expected >= 0");
      }
      if (count != imagesDeclared) {
        throw new UserInputException(
            file
                + ": has "
                + count
                + " labels but "
                + imagesFile
                + " has "
                + imagesDeclared
                + " images; the two files must belong together");
      }
      byte[] data = new byte[n];
      int got = DataFiles.readUpTo(in, file, data, 0, n);
      if (got < n) {
        throw new UserInputException(
            file
                + ": truncated: header says "
                + count
                + " labels but the file ends after "
                + got
                + " labels");
      }
      if (n == count && DataFiles.hasMore(in, file)) {
        throw new UserInputException(
            file
                + ": data after the "
                + count
                + " labels that the header declares; is this an IDX labels file?");
      }
      int[] labels = new int[n];
      for (int i = 0; i < n; i++) {
        labels[i] = data[i] & 0xff;
        if (labels[i] >= numClasses) {
          throw new UserInputException(
              file
                  + ": label "
                  + labels[i]
                  + " of image "
                  + i
                  + " is outside 0.."
                  + (numClasses - 1));
        }
      }
      return labels;
    } finally {
      DataFiles.closeQuietly(in);
    }
  }

  /** Reads the magic number and the dimension sizes; checks the magic number. */
  private static int[] readHeader(InputStream in, Path file, int expectedMagic, String what) {
    int ndim = expectedMagic & 0xff;
    byte[] h = new byte[4 + 4 * ndim];
    int got = DataFiles.readUpTo(in, file, h, 0, 4);
    if (got == 0) {
      throw new UserInputException(file + ": empty file, expected IDX " + what);
    }
    int magic = got == 4 ? intAt(h, 0) : -1;
    if (magic != expectedMagic) {
      String found = got == 4 ? String.format("0x%08x", magic) : "only " + got + " bytes";
      String hint = "";
      if (magic == LABELS_MAGIC) {
        hint = "; this looks like an IDX labels file";
      } else if (magic == IMAGES_MAGIC) {
        hint = "; this looks like an IDX images file";
      }
      throw new UserInputException(
          String.format(
              "%s: wrong magic number %s, expected 0x%08x (IDX %s: unsigned bytes, %d dimension%s)%s",
              file, found, expectedMagic, what, ndim, ndim == 1 ? "" : "s", hint));
    }
    got = DataFiles.readUpTo(in, file, h, 4, 4 * ndim);
    if (got < 4 * ndim) {
      throw new UserInputException(
          file
              + ": truncated: the file ends inside the "
              + h.length
              + "-byte IDX "
              + what
              + " header");
    }
    int[] dims = new int[ndim];
    for (int d = 0; d < ndim; d++) {
      dims[d] = intAt(h, 4 + 4 * d);
    }
    return dims;
  }

  private static int intAt(byte[] b, int off) {
    return ((b[off] & 0xff) << 24)
        | ((b[off + 1] & 0xff) << 16)
        | ((b[off + 2] & 0xff) << 8)
        | (b[off + 3] & 0xff);
  }
}
