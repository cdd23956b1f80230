package org.fsneurons.models.data;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.fsneurons.core.UserInputException;

/**
 * A dataset named by a spec string {@code NAME:SPLIT[:N]}: {@code fashion-mnist:test}, {@code
 * fashion-mnist:train:2000} (the first 2000 images), {@code mnist:test}, {@code
 * cifar10:train:5000}, {@code imagenet:val}. Splits are {@code train} or {@code test}, {@code val}
 * for ImageNet.
 *
 * @param limit the first {@code limit} images; 0 means all
 */
public record DatasetSpec(Kind kind, String split, int limit) {
  /** The allowed forms, for messages. */
  public static final String FORMS =
      "fashion-mnist:{train|test}[:N], mnist:{train|test}[:N], cifar10:{train|test}[:N], imagenet:val[:N]";

  /**
   * The dataset families, with the variable naming their folder and the normalisations that apply.
   */
  public enum Kind {
    FASHION_MNIST(
        "fashion-mnist",
        "FASHION_MNIST_DIR",
        "/usr/share/datasets/fashion-mnist",
        List.of("train", "test"),
        List.of(Normalization.MEAN_STD, Normalization.UNIT, Normalization.RAW)),
    MNIST(
        "mnist",
        "MNIST_DIR",
        null,
        List.of("train", "test"),
        List.of(Normalization.MEAN_STD, Normalization.UNIT, Normalization.RAW)),
    CIFAR10(
        "cifar10",
        "CIFAR10_DIR",
        null,
        List.of("train", "test"),
        List.of(Normalization.PER_IMAGE, Normalization.UNIT, Normalization.RAW)),
    IMAGENET(
        "imagenet",
        "IMAGENET_DIR",
        null,
        List.of("val"),
        List.of(Normalization.RESNET, Normalization.EFFICIENTNET));

    private final String specName;
    private final String variable;
    private final String defaultDirectory;
    private final List<String> splits;
    private final List<Normalization> normalizations;

    Kind(
        String specName,
        String variable,
        String defaultDirectory,
        List<String> splits,
        List<Normalization> normalizations) {
      this.specName = specName;
      this.variable = variable;
      this.defaultDirectory = defaultDirectory;
      this.splits = splits;
      this.normalizations = normalizations;
    }

    /** The name in spec strings, e.g. {@code fashion-mnist}. */
    public String specName() {
      return specName;
    }

    /**
     * The environment variable (or system property) naming the data folder, e.g. {@code
     * FASHION_MNIST_DIR}.
     */
    public String variable() {
      return variable;
    }

    /**
     * The folder used when the variable is not set (Debian's {@code dataset-fashion-mnist} for
     * Fashion-MNIST).
     */
    public Optional<String> defaultDirectory() {
      return Optional.ofNullable(defaultDirectory);
    }

    public List<String> splits() {
      return splits;
    }

    /**
     * The normalisations that apply; the first is the default (what the reference models were
     * trained with).
     */
    public List<Normalization> normalizations() {
      return normalizations;
    }

    public Normalization defaultNormalization() {
      return normalizations.get(0);
    }

    static Optional<Kind> bySpecName(String name) {
      for (Kind k : values()) {
        if (k.specName.equals(name)) {
          return Optional.of(k);
        }
      }
      return Optional.empty();
    }
  }

  public DatasetSpec {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(split, "split");
    if (!kind.splits.contains(split)) {
      throw new IllegalArgumentException(
          "dataset "
              + kind.specName
              + ": split must be "
              + String.join(" or ", kind.splits)
              + ", found '"
              + split
              + "'");
    }
    if (limit < 0) {
      throw new IllegalArgumentException("dataset limit must be >= 0 (0 = all), found " + limit);
    }
  }

  /** Parses {@code NAME:SPLIT[:N]}; errors name the spec and list the allowed forms. */
  public static DatasetSpec parse(String text) {
    String t = text == null ? "" : text.strip();
    String[] parts = t.split(":", -1);
    if (parts.length < 2 || parts.length > 3) {
      throw new UserInputException(
          "dataset '" + t + "': expected NAME:SPLIT[:N]; allowed: " + FORMS);
    }
    String kindName = parts[0].toLowerCase(Locale.ROOT);
    Kind kind =
        Kind.bySpecName(kindName)
            .orElseThrow(
                () ->
                    new UserInputException(
                        "dataset '"
                            + t
                            + "': unknown dataset '"
                            + parts[0]
                            + "'; allowed: "
                            + FORMS));
    String split = parts[1].toLowerCase(Locale.ROOT);
    if (!kind.splits.contains(split)) {
      throw new UserInputException(
          "dataset '"
              + t
              + "': split must be "
              + String.join(" or ", kind.splits)
              + ", found '"
              + parts[1]
              + "'; allowed: "
              + FORMS);
    }
    int limit = 0;
    if (parts.length == 3) {
      try {
        limit = Integer.parseInt(parts[2]);
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1) {
        throw new UserInputException(
            "dataset '"
                + t
                + "': N must be a positive integer (the first N images), found '"
                + parts[2]
                + "'; allowed: "
                + FORMS);
      }
    }
    return new DatasetSpec(kind, split, limit);
  }

  public boolean hasLimit() {
    return limit > 0;
  }

  /** The same dataset with another limit (0: all), e.g. for an evaluator's {@code --limit}. */
  public DatasetSpec withLimit(int newLimit) {
    return new DatasetSpec(kind, split, newLimit);
  }

  /** The canonical spec string, e.g. {@code cifar10:train:5000}. */
  @Override
  public String toString() {
    return kind.specName + ":" + split + (limit > 0 ? ":" + limit : "");
  }
}
