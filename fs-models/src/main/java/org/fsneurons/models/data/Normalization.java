package org.fsneurons.models.data;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.fsneurons.core.UserInputException;

/**
 * How pixel values (0..255) become model inputs. Which ones apply depends on the dataset (see
 * {@link DatasetSpec.Kind#normalizations()}); all arithmetic is float32 in the order given, as
 * PyTorch and TensorFlow do it.
 */
public enum Normalization {
  /** The pixel value as a float, 0..255. */
  RAW("raw"),
  /** {@code p / 255}. */
  UNIT("unit"),
  /**
   * {@code (p / 255 - mean) / std} with the dataset's mean and std (torchvision {@code ToTensor}
   * then {@code Normalize}): Fashion-MNIST 0.2860 and 0.3530 (what this project's trained models
   * use), MNIST 0.1307 and 0.3081.
   */
  MEAN_STD("mean-std"),
  /**
   * TF {@code tf.image.per_image_standardization} as in TF official r1 {@code cifar10_main.py}:
   * {@code (x - mean) / max(std, 1/sqrt(N))} with mean and std over all N = H·W·C values of one
   * image (x in 0..255).
   */
  PER_IMAGE("per-image"),
  /**
   * TF official r1 ResNet ImageNet evaluation: aspect-preserving bilinear resize (shorter side
   * 256), central crop 224×224, subtract the RGB means [123.68, 116.78, 103.94]. See {@link
   * ImageNetTransform}.
   */
  RESNET("resnet"),
  /**
   * EfficientNet (tensorflow/tpu) evaluation: central crop of {@code res/(res+32)} × the shorter
   * side, bicubic resize to res×res, then {@code (x - 255·[0.485, 0.456, 0.406]) / (255·[0.229,
   * 0.224, 0.225])}. See {@link ImageNetTransform}.
   */
  EFFICIENTNET("efficientnet");

  private final String cliName;

  Normalization(String cliName) {
    this.cliName = cliName;
  }

  /** The name used on command lines and in configuration files, e.g. {@code mean-std}. */
  public String cliName() {
    return cliName;
  }

  /**
   * Parses a CLI name ({@code raw}, {@code mean-std}, ...; case-insensitive, {@code _} for {@code
   * -}).
   */
  public static Normalization parse(String text) {
    String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    for (Normalization n : values()) {
      if (n.cliName.equals(t)) {
        return n;
      }
    }
    throw new UserInputException(
        "unknown normalization '" + text + "'; allowed: " + names(values()));
  }

  static String names(Normalization... ns) {
    return Arrays.stream(ns).map(Normalization::cliName).collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return cliName;
  }
}
