package org.fsneurons.models.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.fsneurons.core.UserInputException;
import org.fsneurons.models.data.DatasetSpec.Kind;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {
  private static final Path DEBIAN_FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

  @TempDir Path dir;

  @Test
  void imagenetWithoutItsVariableIsUnavailableWithAReason() {
    Datasets none = Datasets.withVariables(Map.of());
    String reason =
        "dataset imagenet: IMAGENET_DIR not set (the folder with the validation JPEG files and a labels file)";
    assertEquals(Optional.of(reason), none.unavailableReason("imagenet:val"));
    UserInputException e =
        assertThrows(UserInputException.class, () -> none.open("imagenet:val:10"));
    assertEquals(reason, e.getMessage());
    assertEquals(
        Optional.of(
            "dataset cifar10: CIFAR10_DIR not set (the folder with the CIFAR-10 binary batches data_batch_1.bin .."
                + " test_batch.bin)"),
        none.unavailableReason("cifar10:test"));
    // a malformed spec is a mistake, not a reason to skip
    assertThrows(UserInputException.class, () -> none.unavailableReason("imagenet:train"));
  }

  @Test
  void missingFilesAreReasons() throws IOException {
    Datasets d =
        Datasets.withVariables(Map.of("MNIST_DIR", dir.toString(), "CIFAR10_DIR", dir.toString()));
    assertEquals(
        Optional.of(
            dir.resolve("t10k-images-idx3-ubyte.gz")
                + ": file not found (nor t10k-images-idx3-ubyte; set MNIST_DIR"
                + " to the folder with the IDX files t10k-images-idx3-ubyte.gz etc.)"),
        d.unavailableReason("mnist:test"));
    assertEquals(
        Optional.of(
            dir.resolve("test_batch.bin")
                + ": file not found (set CIFAR10_DIR to the folder with the CIFAR-10"
                + " binary batches data_batch_1.bin .. test_batch.bin)"),
        d.unavailableReason("cifar10:test"));
    Datasets gone = Datasets.withVariables(Map.of("MNIST_DIR", dir.resolve("nope").toString()));
    assertEquals(
        Optional.of(
            "dataset mnist: "
                + dir.resolve("nope")
                + " is not a folder (set MNIST_DIR to the folder with the IDX"
                + " files t10k-images-idx3-ubyte.gz etc.)"),
        gone.unavailableReason("mnist:train"));
  }

  @Test
  void opensGeneratedFilesBySpec() throws IOException {
    byte[] pixels = new byte[3 * 28 * 28];
    pixels[28 * 28] = (byte) 255; // image 1, first pixel
    Fixtures.write(
        dir.resolve("train-images-idx3-ubyte.gz"),
        Fixtures.gzip(Fixtures.idxImages(3, 28, 28, pixels)));
    Fixtures.write(
        dir.resolve("train-labels-idx1-ubyte"), Fixtures.idxLabels(3, new byte[] {2, 5, 8}));
    Path cifar = Files.createDirectory(dir.resolve("cifar-10-batches-bin"));
    Fixtures.write(cifar.resolve("test_batch.bin"), Fixtures.cifarRecord(6, new int[3072]));
    Datasets d =
        Datasets.withVariables(
            Map.of("FASHION_MNIST_DIR", dir.toString(), "CIFAR10_DIR", dir.toString()));
    assertEquals(Optional.empty(), d.unavailableReason("fashion-mnist:train"));

    ImageDataset f = d.open("fashion-mnist:train:2");
    assertEquals("fashion-mnist:train:2", f.name());
    assertEquals(2, f.size());
    assertEquals(Normalization.MEAN_STD, f.normalization());
    assertEquals((1 - 0.2860f) / 0.3530f, f.image(1)[0]);
    assertEquals(5, f.label(1));

    ImageDataset raw = d.open("fashion-mnist:train", Normalization.RAW, 0);
    assertEquals(255f, raw.image(1)[0]);

    ImageDataset c = d.open("cifar10:test");
    assertEquals(1, c.size());
    assertEquals(6, c.label(0));
    assertEquals(Normalization.PER_IMAGE, c.normalization());

    UserInputException e =
        assertThrows(
            UserInputException.class, () -> d.open("cifar10:test", Normalization.RESNET, 0));
    assertEquals(
        "dataset cifar10:test: normalization 'resnet' does not apply; allowed: per-image, unit, raw",
        e.getMessage());
    e =
        assertThrows(
            UserInputException.class, () -> d.open("cifar10:test", Normalization.UNIT, 224));
    assertEquals(
        "dataset cifar10:test has 32x32 images; a resolution of 224 applies to imagenet only",
        e.getMessage());
  }

  @Test
  void imagenetFolderFromItsVariable() throws IOException {
    Path val = Files.createDirectory(dir.resolve("val"));
    Fixtures.jpeg(val.resolve("a.JPEG"), Fixtures.uniform(20, 20, 128, 128, 128));
    Fixtures.write(dir.resolve("val.txt"), "a.JPEG 7\n".getBytes());
    Datasets d = Datasets.withVariables(Map.of("IMAGENET_DIR", dir.toString()));
    assertEquals(Optional.empty(), d.unavailableReason("imagenet:val"));
    ImageDataset set = d.open("imagenet:val", Normalization.EFFICIENTNET, 260);
    assertEquals(260, set.height());
    assertEquals(7, set.label(0));
    assertEquals((128 - 0.485 * 255) / (0.229 * 255), set.image(0)[0], 1e-4);

    Datasets named =
        Datasets.withVariables(Map.of("IMAGENET_DIR", dir.toString(), "IMAGENET_LABELS", "x.txt"));
    assertEquals(
        Optional.of(dir.resolve("x.txt") + ": labels file not found (named by IMAGENET_LABELS)"),
        named.unavailableReason("imagenet:val"));
    Files.delete(dir.resolve("val.txt"));
    assertEquals(
        Optional.of(
            "dataset imagenet: no labels file in "
                + dir
                + " (looked for labels.txt, val.txt, ILSVRC2012_validation_ground_truth.txt; or set IMAGENET_LABELS)"),
        d.unavailableReason("imagenet:val"));
  }

  /**
   * The real Fashion-MNIST test set as Debian's dataset-fashion-mnist installs it
   * (zalandoresearch/fashion-mnist).
   */
  @Test
  void realFashionMnistTestSet() {
    Assumptions.assumeTrue(
        Files.isDirectory(DEBIAN_FASHION_MNIST),
        "no " + DEBIAN_FASHION_MNIST + " (apt-get install dataset-fashion-mnist)");
    Datasets d = Datasets.withVariables(Map.of());
    assertEquals(Optional.empty(), d.unavailableReason("fashion-mnist:test"));
    ImageDataset set = d.open("fashion-mnist:test");
    assertEquals(10000, set.size());
    assertEquals(28, set.height());
    assertEquals(28, set.width());
    assertEquals(1, set.channels());
    int[] histogram = new int[10];
    for (int l : set.labels(0, set.size())) {
      histogram[l]++;
    }
    for (int c = 0; c < 10; c++) {
      assertEquals(
          1000, histogram[c], "class " + c); // the test set is balanced: 1000 images per class
    }
    assertEquals(9, set.label(0)); // the first test image is an ankle boot (class 9)
    // pixel mean over the test set after mean-std normalisation is near 0 (mean 0.2860 is the
    // train-set mean)
    float[] all = new float[set.size() * set.imageSize()];
    set.batch(0, set.size(), Layout.NCHW, all);
    double sum = 0;
    for (float v : all) {
      sum += v;
    }
    assertTrue(Math.abs(sum / all.length) < 0.02, "mean " + sum / all.length);
    assertEquals(
        Kind.FASHION_MNIST.defaultDirectory().orElseThrow(), DEBIAN_FASHION_MNIST.toString());
  }
}
