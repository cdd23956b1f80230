package org.fsneurons.models.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.fsneurons.core.UserInputException;

/**
 * The input normalisation an evaluation uses and where that choice came from, so a user who brings
 * a model trained with other preprocessing sees at once what was applied. In order: the explicit
 * setting ({@code --normalization} or the YAML key); the model's metadata JSON beside the ONNX file
 * ({@code M.json} for {@code M.onnx}: key {@code preprocessing.normalization}, or {@code
 * preprocessing.mean}/{@code std} equal to the dataset's mean-std values); the dataset's default.
 *
 * @param normalization what is applied
 * @param source where it came from, for people: {@code --normalization}, {@code models/x.json},
 *     {@code dataset default (fashion-mnist)}
 */
public record Preprocessing(Normalization normalization, String source) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Resolves the normalisation of an evaluation.
   *
   * @param model the ONNX file (its metadata JSON is looked up beside it)
   * @param kind the dataset family
   * @param explicit the user's setting (parsed where it was read, {@link Normalization#parse}), or
   *     null
   * @param setting how the user's setting is named in messages, e.g. {@code --normalization}
   */
  public static Preprocessing resolve(
      Path model, DatasetSpec.Kind kind, Normalization explicit, String setting) {
    if (explicit != null) {
      return new Preprocessing(checked(explicit, kind, setting), setting);
    }
    Optional<Path> meta = metadataFile(model);
    if (meta.isPresent()) {
      Optional<Normalization> n = fromMetadata(meta.get(), kind);
      if (n.isPresent()) {
        return new Preprocessing(n.get(), meta.get().toString());
      }
    }
    return new Preprocessing(
        kind.defaultNormalization(), "dataset default (" + kind.specName() + ")");
  }

  /** The formula applied, for people. */
  public String formula(DatasetSpec.Kind kind) {
    return switch (normalization) {
      case RAW -> "x = pixel (0..255)";
      case UNIT -> "x = pixel / 255";
      case MEAN_STD ->
          kind == DatasetSpec.Kind.MNIST
              ? String.format(
                  Locale.ROOT,
                  "x = (pixel / 255 - %.4f) / %.4f",
                  Datasets.MNIST_MEAN,
                  Datasets.MNIST_STD)
              : String.format(
                  Locale.ROOT,
                  "x = (pixel / 255 - %.4f) / %.4f",
                  Datasets.FASHION_MNIST_MEAN,
                  Datasets.FASHION_MNIST_STD);
      case PER_IMAGE ->
          "x = (pixel - image mean) / max(image std, 1/sqrt(N)) (TF per_image_standardization)";
      case RESNET -> "resize shorter side 256, central crop, x = pixel - [123.68, 116.78, 103.94]";
      case EFFICIENTNET ->
          "central crop res/(res+32), bicubic resize, x = (pixel - 255*mean) / (255*std) (ImageNet)";
    };
  }

  /** {@code M.json} beside {@code M.onnx}, if it exists. */
  static Optional<Path> metadataFile(Path model) {
    String name = model.getFileName() == null ? "" : model.getFileName().toString();
    if (!name.endsWith(".onnx")) {
      return Optional.empty();
    }
    Path json = model.resolveSibling(name.substring(0, name.length() - ".onnx".length()) + ".json");
    return Files.isRegularFile(json) ? Optional.of(json) : Optional.empty();
  }

  /** The normalisation a metadata file states, if it states one that applies. */
  static Optional<Normalization> fromMetadata(Path json, DatasetSpec.Kind kind) {
    JsonNode root;
    try {
      root = JSON.readTree(json.toFile());
    } catch (JsonProcessingException e) {
      throw new UserInputException(
          json
              + ": the model's metadata is not valid JSON (line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + "); fix or remove it");
    } catch (IOException e) {
      throw new UserInputException(
          json + ": cannot read the model's metadata (" + e.getMessage() + ")");
    }
    JsonNode pre = root == null ? null : root.get("preprocessing");
    if (pre == null || !pre.isObject()) {
      return Optional.empty();
    }
    JsonNode named = pre.get("normalization");
    if (named != null) {
      if (!named.isTextual()) {
        throw new UserInputException(
            json
                + ": preprocessing.normalization: expected a name ("
                + Normalization.names(Normalization.values())
                + "), found "
                + named.getNodeType().name().toLowerCase(Locale.ROOT));
      }
      Normalization n;
      try {
        n = Normalization.parse(named.asText());
      } catch (UserInputException e) {
        throw new UserInputException(json + ": preprocessing.normalization: " + e.getMessage(), e);
      }
      return Optional.of(checked(n, kind, json + ": preprocessing.normalization"));
    }
    JsonNode mean = pre.get("mean");
    JsonNode std = pre.get("std");
    if (mean != null
        && std != null
        && mean.isNumber()
        && std.isNumber()
        && kind.normalizations().contains(Normalization.MEAN_STD)) {
      float m = kind == DatasetSpec.Kind.MNIST ? Datasets.MNIST_MEAN : Datasets.FASHION_MNIST_MEAN;
      float s = kind == DatasetSpec.Kind.MNIST ? Datasets.MNIST_STD : Datasets.FASHION_MNIST_STD;
      if (Math.abs(mean.asDouble() - m) < 1e-4 && Math.abs(std.asDouble() - s) < 1e-4) {
        return Optional.of(Normalization.MEAN_STD);
      }
    }
    return Optional.empty();
  }

  private static Normalization checked(Normalization n, DatasetSpec.Kind kind, String where) {
    if (!kind.normalizations().contains(n)) {
      throw new UserInputException(
          where
              + ": normalization '"
              + n
              + "' does not apply to "
              + kind.specName()
              + "; expected one of "
              + Normalization.names(kind.normalizations().toArray(Normalization[]::new)));
    }
    return n;
  }
}
