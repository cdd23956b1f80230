package org.fsneurons.experiments.cli;

import org.fsneurons.core.UserInputException;
import org.fsneurons.experiments.config.Setting;
import org.fsneurons.models.eval.FsEvaluation;
import picocli.CommandLine.Option;

/** Data-aware FS-ReLU options: per-layer alpha from calibration images, percentile, K. */
public final class CalibrationArgs {
  @Option(
      names = "--calibrate",
      paramLabel = "DATASET",
      description =
          "Choose the FS-ReLU alpha of every ReLU layer from these images (never a test split), "
              + "e.g. fashion-mnist:train:2000: alpha = the layer's largest input / (1 - 2^-K).")
  String calibrate;

  @Option(
      names = "--percentile",
      paramLabel = "P",
      description =
          "With --calibrate: use this percentile (0 < P < 100) of a layer's positive inputs instead of "
              + "the maximum.")
  Double percentile;

  @Option(
      names = "--relu-k",
      paramLabel = "K",
      description =
          "Time steps K of FS-ReLU, 1..30 (default "
              + FsEvaluation.Calibration.DEFAULT_RELU_K
              + ").")
  Integer reluK;

  /** The settings, each checked by the rules experiments.yaml shares ({@link Setting}). */
  FsEvaluation.Calibration calibration() {
    if (reluK != null) {
      Setting.RELU_K.flag(reluK);
    }
    if (percentile != null) {
      Setting.PERCENTILE.flag(percentile);
      if (calibrate == null) {
        throw new UserInputException(
            "--percentile "
                + percentile
                + ": expected with --calibrate DATASET (a "
                + "percentile of the calibration images' inputs), found no --calibrate");
      }
    }
    return FsEvaluation.Calibration.of(calibrate, percentile, reluK);
  }
}
