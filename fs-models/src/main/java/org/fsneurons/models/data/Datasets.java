package org.fsneurons.models.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.fsneurons.core.UserInputException;
import org.fsneurons.models.data.DatasetSpec.Kind;

/**
 * Opens datasets by spec string ({@link DatasetSpec}) from the folders named by variables, given by
 * the caller ({@link #withVariables}: the command line passes its environment; nothing here reads
 * the process environment):
 *
 * <ul>
 *   <li>{@code FASHION_MNIST_DIR} (default {@code /usr/share/datasets/fashion-mnist}, where
 *       Debian's {@code dataset-fashion-mnist} installs) and {@code MNIST_DIR}: {@code
 *       train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte},
 *       {@code t10k-labels-idx1-ubyte}, each with or without {@code .gz} (also the {@code
 *       t10k-images.idx3-ubyte} spelling);
 *   <li>{@code CIFAR10_DIR}: {@code data_batch_1.bin .. data_batch_5.bin}, {@code test_batch.bin},
 *       directly or in its {@code cifar-10-batches-bin} subfolder;
 *   <li>{@code IMAGENET_DIR} (no default): the validation images, directly or in its {@code val}
 *       subfolder, and a labels file: {@code IMAGENET_LABELS} (absolute, or relative to
 *       IMAGENET_DIR) or the first of {@link ImageNetFolder#LABEL_FILE_NAMES} found in IMAGENET_DIR
 *       or the image folder. See {@link ImageNetFolder}.
 * </ul>
 *
 * Default normalisations: Fashion-MNIST and MNIST {@link Normalization#MEAN_STD}, CIFAR-10 {@link
 * Normalization#PER_IMAGE}, ImageNet {@link Normalization#RESNET} at 224.
 */
public final class Datasets {
  /**
   * Fashion-MNIST pixel mean and std on the 0..1 scale; the project's trained models use exactly
   * these.
   */
  public static final float FASHION_MNIST_MEAN = 0.2860f;

  public static final float FASHION_MNIST_STD = 0.3530f;

  /** MNIST pixel mean and std on the 0..1 scale (the values of the PyTorch examples). */
  public static final float MNIST_MEAN = 0.1307f;

  public static final float MNIST_STD = 0.3081f;

  /** Names the labels file of an ImageNet folder when set. */
  public static final String IMAGENET_LABELS = "IMAGENET_LABELS";

  private final Map<String, String> variables;

  private Datasets(Map<String, String> variables) {
    this.variables = Map.copyOf(variables);
  }

  /** Folders from {@code variables} (e.g. the environment); unset names take the defaults. */
  public static Datasets withVariables(Map<String, String> variables) {
    return new Datasets(variables);
  }

  /** The default folders only (no variables set). */
  public static Datasets defaults() {
    return withVariables(Map.of());
  }

  /** The value of variable {@code name} (e.g. {@link #IMAGENET_LABELS}), or null when unset. */
  public String variable(String name) {
    return variables.get(name);
  }

  /** Opens a dataset with its default normalisation (ImageNet: TF ResNet at 224). */
  public ImageDataset open(String spec) {
    DatasetSpec s = DatasetSpec.parse(spec);
    return open(s, s.kind().defaultNormalization(), 0);
  }

  /**
   * Opens a dataset.
   *
   * @param normalization one of {@link Kind#normalizations()} for the spec's dataset
   * @param resolution ImageNet output side (0: 224; EfficientNet B1..B7 need 240..600); for the
   *     other datasets 0 or their native side
   */
  public ImageDataset open(DatasetSpec spec, Normalization normalization, int resolution) {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(normalization, "normalization");
    Kind kind = spec.kind();
    if (!kind.normalizations().contains(normalization)) {
      throw new UserInputException(
          "dataset "
              + spec
              + ": normalization '"
              + normalization
              + "' does not apply; allowed: "
              + Normalization.names(kind.normalizations().toArray(Normalization[]::new)));
    }
    int nativeSide =
        switch (kind) {
          case FASHION_MNIST, MNIST -> 28;
          case CIFAR10 -> 32;
          case IMAGENET -> 0;
        };
    if (kind != Kind.IMAGENET && resolution != 0 && resolution != nativeSide) {
      throw new UserInputException(
          "dataset "
              + spec
              + " has "
              + nativeSide
              + "x"
              + nativeSide
              + " images; a resolution of "
              + resolution
              + " applies to imagenet only");
    }
    String name = spec.toString();
    return switch (kind) {
      case FASHION_MNIST, MNIST -> {
        List<Path> f = locate(spec);
        boolean fashion = kind == Kind.FASHION_MNIST;
        yield IdxReader.read(
            f.get(0),
            f.get(1),
            spec.limit(),
            normalization,
            fashion ? FASHION_MNIST_MEAN : MNIST_MEAN,
            fashion ? FASHION_MNIST_STD : MNIST_STD,
            10,
            name);
      }
      case CIFAR10 -> Cifar10Reader.read(locate(spec), spec.limit(), normalization, name);
      case IMAGENET -> {
        List<Path> f = locate(spec);
        yield ImageNetFolder.open(
            f.get(0),
            f.get(1),
            spec.limit(),
            new ImageNetTransform(normalization, resolution == 0 ? 224 : resolution),
            name);
      }
    };
  }

  /** {@link #open(DatasetSpec, Normalization, int)} with the spec as a string. */
  public ImageDataset open(String spec, Normalization normalization, int resolution) {
    return open(DatasetSpec.parse(spec), normalization, resolution);
  }

  /**
   * Why the dataset cannot be opened here (its folder variable is not set, the folder or one of its
   * files is missing), or empty when its files are in place. Does not read the files. A malformed
   * spec still throws.
   */
  public Optional<String> unavailableReason(String spec) {
    return unavailableReason(DatasetSpec.parse(spec));
  }

  public Optional<String> unavailableReason(DatasetSpec spec) {
    try {
      locate(spec);
      return Optional.empty();
    } catch (UserInputException e) {
      return Optional.of(e.getMessage());
    }
  }

  /** The data folder of a dataset family, from its variable or its default. */
  public Path directory(Kind kind) {
    String v = variables.get(kind.variable());
    if (v == null || v.isBlank()) {
      v = kind.defaultDirectory().orElse(null);
      if (v == null) {
        throw new UserInputException(
            "dataset "
                + kind.specName()
                + ": "
                + kind.variable()
                + " not set ("
                + what(kind)
                + ")");
      }
    }
    Path dir = Path.of(v);
    if (!Files.isDirectory(dir)) {
      throw new UserInputException(
          "dataset "
              + kind.specName()
              + ": "
              + dir
              + " is not a folder (set "
              + kind.variable()
              + " to "
              + what(kind)
              + ")");
    }
    return dir;
  }

  private static String what(Kind kind) {
    return switch (kind) {
      case FASHION_MNIST, MNIST -> "the folder with the IDX files t10k-images-idx3-ubyte.gz etc.";
      case CIFAR10 ->
          "the folder with the CIFAR-10 binary batches data_batch_1.bin .. test_batch.bin";
      case IMAGENET -> "the folder with the validation JPEG files and a labels file";
    };
  }

  /**
   * The files of a dataset: IDX {images, labels}; CIFAR-10 the batches to read; ImageNet {image
   * folder, labels file}.
   */
  List<Path> locate(DatasetSpec spec) {
    Kind kind = spec.kind();
    Path dir = directory(kind);
    return switch (kind) {
      case FASHION_MNIST, MNIST -> {
        String prefix = spec.split().equals("train") ? "train" : "t10k";
        yield List.of(
            idxFile(dir, prefix, "images", 3, kind), idxFile(dir, prefix, "labels", 1, kind));
      }
      case CIFAR10 -> {
        Path sub = dir.resolve("cifar-10-batches-bin");
        Path base = Files.isDirectory(sub) ? sub : dir;
        List<String> names =
            spec.split().equals("train") ? Cifar10Reader.TRAIN_FILES : Cifar10Reader.TEST_FILES;
        List<Path> files = new ArrayList<>();
        for (String n : names) {
          Path f = base.resolve(n);
          if (!Files.isRegularFile(f)) {
            throw new UserInputException(
                f + ": file not found (set " + kind.variable() + " to " + what(kind) + ")");
          }
          files.add(f);
        }
        yield files;
      }
      case IMAGENET -> {
        Path val = dir.resolve("val");
        Path images = Files.isDirectory(val) ? val : dir;
        String named = variables.get(IMAGENET_LABELS);
        Path labels = null;
        if (named != null && !named.isBlank()) {
          labels = dir.resolve(named);
          if (!Files.isRegularFile(labels)) {
            throw new UserInputException(
                labels + ": labels file not found (named by " + IMAGENET_LABELS + ")");
          }
        } else {
          for (Path d : images.equals(dir) ? List.of(dir) : List.of(dir, images)) {
            for (String n : ImageNetFolder.LABEL_FILE_NAMES) {
              if (labels == null && Files.isRegularFile(d.resolve(n))) {
                labels = d.resolve(n);
              }
            }
          }
          if (labels == null) {
            throw new UserInputException(
                "dataset imagenet: no labels file in "
                    + dir
                    + " (looked for "
                    + String.join(", ", ImageNetFolder.LABEL_FILE_NAMES)
                    + "; or set "
                    + IMAGENET_LABELS
                    + ")");
          }
        }
        yield List.of(images, labels);
      }
    };
  }

  private static Path idxFile(Path dir, String prefix, String what, int ndim, Kind kind) {
    String base = prefix + "-" + what + "-idx" + ndim + "-ubyte";
    List<Path> candidates =
        List.of(
            dir.resolve(base + ".gz"),
            dir.resolve(base),
            dir.resolve(prefix + "-" + what + ".idx" + ndim + "-ubyte"),
            dir.resolve(prefix + "-" + what + ".idx" + ndim + "-ubyte.gz"));
    for (Path p : candidates) {
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    throw new UserInputException(
        candidates.get(0)
            + ": file not found (nor "
            + base
            + "; set "
            + kind.variable()
            + " to "
            + what(kind)
            + ")");
  }
}
