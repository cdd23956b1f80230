package org.fsneurons.models.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Writes small data files in the exact formats the readers expect (test fixtures, made
 * in @TempDir).
 */
final class Fixtures {
  private Fixtures() {}

  /** The IDX image file bytes: magic 0x00000803, count, rows, cols, pixels. */
  static byte[] idxImages(int count, int rows, int cols, byte[] pixels) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    DataOutputStream d = new DataOutputStream(b);
    d.writeInt(0x00000803);
    d.writeInt(count);
    d.writeInt(rows);
    d.writeInt(cols);
    d.write(pixels);
    d.flush();
    return b.toByteArray();
  }

  /** The IDX label file bytes: magic 0x00000801, count, labels. */
  static byte[] idxLabels(int count, byte[] labels) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    DataOutputStream d = new DataOutputStream(b);
    d.writeInt(0x00000801);
    d.writeInt(count);
    d.write(labels);
    d.flush();
    return b.toByteArray();
  }

  static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (OutputStream g = new GZIPOutputStream(b)) {
      g.write(data);
    }
    return b.toByteArray();
  }

  static Path write(Path file, byte[] data) throws IOException {
    Files.write(file, data);
    return file;
  }

  /**
   * A CIFAR-10 record: label byte then 3072 pixel bytes (R plane, G plane, B plane, each 32×32 row
   * by row).
   */
  static byte[] cifarRecord(int label, int[] chw) {
    byte[] r = new byte[3073];
    r[0] = (byte) label;
    for (int i = 0; i < 3072; i++) {
      r[1 + i] = (byte) chw[i];
    }
    return r;
  }

  /** Writes {@code img} as a baseline JPEG at quality 1.0 (quantisation tables of ones). */
  static Path jpeg(Path file, BufferedImage img) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
      writer.setOutput(out);
      ImageWriteParam p = writer.getDefaultWriteParam();
      p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      p.setCompressionQuality(1.0f);
      writer.write(null, new IIOImage(img, null, null), p);
    } finally {
      writer.dispose();
    }
    return file;
  }

  /** A uniform RGB image. */
  static BufferedImage uniform(int h, int w, int r, int g, int b) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
    int rgb = (r << 16) | (g << 8) | b;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, rgb);
      }
    }
    return img;
  }
}
