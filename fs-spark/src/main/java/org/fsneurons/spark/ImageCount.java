package org.fsneurons.spark;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.fsneurons.core.UserInputException;
import org.fsneurons.models.data.DatasetSpec;
import org.fsneurons.models.data.Datasets;
import org.fsneurons.models.data.Normalization;

/**
 * The number of images of a dataset, found on the driver without reading the images (IDX: the
 * header's count; CIFAR-10: the batch files' sizes; ImageNet: the folder listing), so that a
 * partition's bad data is found by that partition. Names the file that cannot be read.
 */
final class ImageCount {
  private static final int CIFAR_RECORD = 1 + 32 * 32 * 3;

  private ImageCount() {}

  static int of(DatasetSpec spec, Datasets datasets, Normalization norm, int resolution) {
    Path dir = datasets.directory(spec.kind());
    int n =
        switch (spec.kind()) {
          case FASHION_MNIST, MNIST ->
              idxCount(dir, spec.split().equals("train") ? "train" : "t10k");
          case CIFAR10 -> cifarCount(dir, spec.split().equals("train") ? 5 : 0);
          case IMAGENET -> datasets.open(spec.withLimit(0), norm, resolution).size();
        };
    return spec.hasLimit() ? Math.min(n, spec.limit()) : n;
  }

  private static int idxCount(Path dir, String prefix) {
    String base = prefix + "-images-idx3-ubyte";
    for (Path p :
        List.of(
            dir.resolve(base + ".gz"),
            dir.resolve(base),
            dir.resolve(prefix + "-images.idx3-ubyte"),
            dir.resolve(prefix + "-images.idx3-ubyte.gz"))) {
      if (Files.isRegularFile(p)) {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(p))) {
          raw.mark(2);
          boolean gz = raw.read() == 0x1f && raw.read() == 0x8b;
          raw.reset();
          DataInputStream in = new DataInputStream(gz ? new GZIPInputStream(raw) : raw);
          int magic = in.readInt();
          if (magic != 0x00000803) {
            throw new UserInputException(
                p
                    + String.format(
                        ": wrong magic number 0x%08x, expected 0x00000803 " + "(IDX images)",
                        magic));
          }
          return in.readInt();
        } catch (IOException e) {
          throw new UserInputException(p + ": cannot read the IDX header (" + e.getMessage() + ")");
        }
      }
    }
    throw new UserInputException(dir.resolve(base + ".gz") + ": file not found");
  }

  private static int cifarCount(Path dir, int trainBatches) {
    Path sub = dir.resolve("cifar-10-batches-bin");
    Path base = Files.isDirectory(sub) ? sub : dir;
    List<String> names =
        trainBatches == 0
            ? List.of("test_batch.bin")
            : List.of(
                "data_batch_1.bin",
                "data_batch_2.bin",
                "data_batch_3.bin",
                "data_batch_4.bin",
                "data_batch_5.bin");
    long n = 0;
    for (String name : names) {
      try {
        n += Files.size(base.resolve(name)) / CIFAR_RECORD;
      } catch (IOException e) {
        throw new UserInputException(base.resolve(name) + ": file not found");
      }
    }
    return (int) n;
  }
}
