package org.fsneurons.experiments.cli;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.nio.file.Path;
import org.fsneurons.core.UserInputException;
import org.fsneurons.models.arch.Architectures;
import org.fsneurons.models.onnx.OnnxModels;

/**
 * The --arch NAME | --model M.onnx choice with --input HxWxC, shared by the commands that take it.
 */
final class ModelChoice {
  private ModelChoice() {}

  /** The --input size for --arch as {H, W, C}, or null for the architecture's own. */
  static int[] archInput(String input) {
    return input == null ? null : Architectures.parseInput(input);
  }

  /** Loads --model; --input is an error there (an ONNX model has its own input size). */
  static ModelProto load(Path model, String input) {
    if (input != null) {
      throw new UserInputException(
          "--input applies to --arch only; an ONNX model has its own input size");
    }
    return OnnxModels.load(model);
  }
}
