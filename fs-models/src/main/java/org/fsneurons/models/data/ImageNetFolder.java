package org.fsneurons.models.data;

import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import org.fsneurons.core.UserInputException;

/**
 * An ImageNet-style validation folder: image files (JPEG; anything javax.imageio decodes) and a
 * labels file. Images are decoded and preprocessed ({@link ImageNetTransform}) on demand, never all
 * held in memory; {@link #batch} decodes the images of a batch in parallel.
 *
 * <p>The labels file has one of two forms, told apart by its first non-blank line:
 *
 * <ul>
 *   <li>{@code FILENAME LABEL} per line (as the common {@code val.txt}: {@code
 *       ILSVRC2012_val_00000001.JPEG 65}): the images are the listed files, in the file's order,
 *       relative to the image folder;
 *   <li>{@code LABEL} per line (as the ILSVRC2012 devkit's {@code
 *       ILSVRC2012_validation_ground_truth.txt}): the images are the image files of the folder
 *       ({@code .jpeg}, {@code .jpg}, {@code .png}, any case) sorted by name, line i labels the
 *       i-th; the counts must agree.
 * </ul>
 *
 * Labels are used as written: they must be in the model's class order. The devkit's ground truth
 * counts 1..1000 in the devkit's synset order, whereas Keras/EfficientNet models use 0..999 in
 * sorted-synset order and TF official ResNet 1..1000 in sorted-synset order with 0 = background
 * (1001 outputs); convert the labels file accordingly. {@link #numClasses()} is 1000, or the
 * largest label + 1 if that is more.
 */
public final class ImageNetFolder implements ImageDataset {
  /** Labels files looked for, in this order, when none is named. */
  public static final List<String> LABEL_FILE_NAMES =
      List.of("labels.txt", "val.txt", "ILSVRC2012_validation_ground_truth.txt");

  private final String name;
  private final List<Path> files;
  private final int[] labels;
  private final int numClasses;
  private final ImageNetTransform transform;

  private ImageNetFolder(String name, List<Path> files, int[] labels, ImageNetTransform transform) {
    this.name = name;
    this.files = List.copyOf(files);
    this.labels = labels;
    this.transform = transform;
    int max = 0;
    for (int l : labels) {
      max = Math.max(max, l);
    }
    this.numClasses = Math.max(1000, max + 1);
  }

  /**
   * Opens a folder. Reads the labels file and checks that every image it names exists (or, for the
   * label-only form, that there are as many labels as images); decodes nothing yet.
   *
   * @param imageDir the folder holding the images
   * @param labelsFile the labels file (either form, see the class comment)
   * @param limit use only the first {@code limit} images; 0 uses all
   */
  public static ImageNetFolder open(
      Path imageDir, Path labelsFile, int limit, ImageNetTransform transform, String name) {
    Objects.requireNonNull(transform, "transform");
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be >= 0 (0 = all), found " + limit);
    }
    if (!Files.isDirectory(imageDir)) {
      throw new UserInputException(imageDir + ": image folder not found");
    }
    if (!Files.isRegularFile(labelsFile)) {
      throw new UserInputException(labelsFile + ": labels file not found");
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(labelsFile, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UserInputException(labelsFile + ": cannot read: " + e.getMessage(), e);
    }
    List<Path> files = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    int form = 0; // 1 = LABEL, 2 = FILENAME LABEL
    for (int ln = 0; ln < lines.size(); ln++) {
      String line = lines.get(ln).strip();
      if (line.isEmpty()) {
        continue;
      }
      String where = labelsFile + ":" + (ln + 1);
      String[] tok = line.split("\\s+");
      if (form == 0) {
        if (tok.length > 2) {
          throw new UserInputException(
              where
                  + ": expected 'FILENAME LABEL' or 'LABEL', found "
                  + tok.length
                  + " fields: '"
                  + line
                  + "'");
        }
        form = tok.length;
      }
      if (form == 2 && tok.length == 1) {
        throw new UserInputException(
            where + ": missing label for " + tok[0] + " (lines are 'FILENAME LABEL')");
      }
      if (tok.length != form) {
        throw new UserInputException(
            where
                + ": expected "
                + (form == 2 ? "'FILENAME LABEL'" : "'LABEL'")
                + " like the first line, found '"
                + line
                + "'");
      }
      labels.add(parseLabel(tok[form - 1], where));
      if (form == 2) {
        files.add(imageDir.resolve(tok[0]));
      }
    }
    if (labels.isEmpty()) {
      throw new UserInputException(labelsFile + ": no labels (empty file)");
    }
    if (form == 1) {
      files = listImages(imageDir);
      if (files.size() > labels.size()) {
        throw new UserInputException(
            labelsFile
                + ": "
                + labels.size()
                + " labels for "
                + files.size()
                + " images in "
                + imageDir
                + ": missing label for "
                + files.get(labels.size()).getFileName()
                + " (one label per line, in sorted file-name order)");
      }
      if (files.size() < labels.size()) {
        throw new UserInputException(
            labelsFile
                + ": "
                + labels.size()
                + " labels but "
                + imageDir
                + " has only "
                + files.size()
                + " images (.jpeg, .jpg, .png); one label per line, in sorted file-name order");
      }
    }
    int n = limit == 0 ? labels.size() : limit;
    if (n > labels.size()) {
      throw new UserInputException(
          labelsFile
              + ": asked for the first "
              + n
              + " images but it labels only "
              + labels.size());
    }
    for (int i = 0; i < n; i++) {
      if (!Files.isRegularFile(files.get(i))) {
        throw new UserInputException(
            files.get(i) + ": file not found (listed in " + labelsFile + ")");
      }
    }
    int[] lab = new int[n];
    for (int i = 0; i < n; i++) {
      lab[i] = labels.get(i);
    }
    return new ImageNetFolder(name, files.subList(0, n), lab, transform);
  }

  private static int parseLabel(String text, String where) {
    try {
      int v = Integer.parseInt(text);
      if (v >= 0) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UserInputException(where + ": label '" + text + "' is not a non-negative integer");
  }

  /** Image files (.jpeg, .jpg, .png, any case) directly in {@code dir}, sorted by file name. */
  static List<Path> listImages(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> isImageName(p.getFileName().toString()) && Files.isRegularFile(p))
          .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
          .toList();
    } catch (IOException e) {
      throw new UserInputException(dir + ": cannot list: " + e.getMessage(), e);
    }
  }

  static boolean isImageName(String fileName) {
    String n = fileName.toLowerCase(Locale.ROOT);
    return n.endsWith(".jpeg") || n.endsWith(".jpg") || n.endsWith(".png");
  }

  /** A decoded image: {@code h × w × 3} RGB values 0..255, HWC. */
  record Decoded(int[] rgb, int height, int width) {}

  /**
   * Decodes an image file to RGB. Grayscale images are replicated to three channels from the raw
   * gray values (as TF {@code decode_jpeg(channels=3)}); other colour models go through {@link
   * BufferedImage#getRGB}.
   */
  static Decoded decode(Path file) {
    try (ImageInputStream iis = new FileImageInputStream(file.toFile())) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(iis);
      if (!readers.hasNext()) {
        throw new UserInputException(
            file + ": not an image javax.imageio can decode (expected a JPEG file)");
      }
      ImageReader reader = readers.next();
      BufferedImage img;
      List<String> warnings = new ArrayList<>();
      try {
        reader.setInput(iis, true, true);
        // a truncated or corrupt JPEG decodes with a warning ("Premature end of JPEG file") and
        // grey filler
        reader.addIIOReadWarningListener((r, warning) -> warnings.add(warning));
        img = reader.read(0);
      } finally {
        reader.dispose();
      }
      if (!warnings.isEmpty()) {
        throw new UserInputException(
            file
                + ": truncated or corrupt image ("
                + warnings.get(0)
                + "); expected a complete JPEG file");
      }
      return toRgb(img);
    } catch (IOException | RuntimeException e) {
      if (e instanceof UserInputException u) {
        throw u;
      }
      throw new UserInputException(file + ": cannot decode image: " + e.getMessage(), e);
    }
  }

  static Decoded toRgb(BufferedImage img) {
    int h = img.getHeight();
    int w = img.getWidth();
    Raster r = img.getRaster();
    int bands = r.getNumBands();
    int[] rgb = new int[h * w * 3];
    boolean component = img.getColorModel() instanceof ComponentColorModel;
    boolean bytes = r.getSampleModel().getSampleSize(0) == 8;
    if (component && bytes && bands == 3 && img.getColorModel().getColorSpace().isCS_sRGB()) {
      r.getPixels(0, 0, w, h, rgb); // bands in R, G, B order (also for TYPE_3BYTE_BGR)
    } else if (component && bytes && bands == 1 && img.getType() == BufferedImage.TYPE_BYTE_GRAY) {
      int[] g = r.getSamples(0, 0, w, h, 0, new int[h * w]);
      for (int i = 0; i < g.length; i++) {
        rgb[3 * i] = g[i];
        rgb[3 * i + 1] = g[i];
        rgb[3 * i + 2] = g[i];
      }
    } else {
      int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
      for (int i = 0; i < argb.length; i++) {
        rgb[3 * i] = (argb[i] >> 16) & 0xff;
        rgb[3 * i + 1] = (argb[i] >> 8) & 0xff;
        rgb[3 * i + 2] = argb[i] & 0xff;
      }
    }
    return new Decoded(rgb, h, w);
  }

  /** The image file of image {@code i}. */
  public Path file(int i) {
    return files.get(i);
  }

  public ImageNetTransform transform() {
    return transform;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int size() {
    return labels.length;
  }

  @Override
  public int height() {
    return transform.resolution();
  }

  @Override
  public int width() {
    return transform.resolution();
  }

  @Override
  public int channels() {
    return 3;
  }

  @Override
  public int numClasses() {
    return numClasses;
  }

  @Override
  public Normalization normalization() {
    return transform.normalization();
  }

  @Override
  public int label(int i) {
    Objects.checkIndex(i, labels.length);
    return labels[i];
  }

  @Override
  public void imageInto(int i, float[] dst, int offset) {
    Objects.checkIndex(i, labels.length);
    Decoded d = decode(files.get(i));
    try {
      transform.apply(d.rgb(), d.height(), d.width(), dst, offset);
    } catch (IllegalArgumentException e) {
      throw new UserInputException(files.get(i) + ": " + e.getMessage(), e);
    }
  }

  /** Decodes the batch's images in parallel (common fork-join pool). */
  @Override
  public void batch(int start, int count, Layout layout, float[] dst) {
    checkBatch(start, count, dst);
    int size = imageSize();
    IntStream.range(0, count)
        .parallel()
        .forEach(
            b -> {
              if (layout == Layout.NHWC) {
                imageInto(start + b, dst, b * size);
              } else {
                float[] hwc = new float[size];
                imageInto(start + b, hwc, 0);
                Layouts.hwcToChw(hwc, 0, dst, b * size, height(), width(), 3);
              }
            });
  }

  @Override
  public String toString() {
    return name
        + " ("
        + size()
        + " images, "
        + transform.normalization()
        + " "
        + transform.resolution()
        + "x"
        + transform.resolution()
        + ")";
  }
}
