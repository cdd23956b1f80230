package org.fsneurons.experiments.cli;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fsneurons.core.UserInputException;
import org.fsneurons.core.coeff.CoefficientSet;
import org.fsneurons.core.coeff.CoefficientSets;
import org.fsneurons.models.convert.ActivationKind;
import org.fsneurons.models.convert.Calibrator;
import org.fsneurons.models.convert.ConversionOptions;
import org.fsneurons.models.data.DatasetSpec;
import org.fsneurons.models.data.Datasets;
import org.fsneurons.models.data.ImageDataset;
import org.fsneurons.models.ort.SessionConfig;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** Data-aware FS-ReLU options: per-layer alpha from calibration images, percentile, K. */
public final class CalibrationArgs {
  @Option(names = "--calibrate", paramLabel = "DATASET",
      description = "Choose the FS-ReLU alpha of every ReLU layer from these images (never a test split), "
          + "e.g. fashion-mnist:train:2000: alpha = the layer's largest input / (1 - 2^-K).")
  String calibrate;

  @Option(names = "--percentile", paramLabel = "P",
      description = "With --calibrate: use this percentile (0 < P < 100) of a layer's positive inputs instead of the maximum.")
  Double percentile;

  @Option(names = "--relu-k", paramLabel = "K", description = "Time steps K of FS-ReLU (default 10).")
  Integer reluK;

  @Option(names = "--calibration-batch", paramLabel = "B", defaultValue = "100", hidden = true)
  int batch;

  /** Calibrations of the last {@link #apply} call (for reports). */
  final List<Calibrator.LayerCalibration> calibrations = new ArrayList<>();

  ConversionOptions apply(ModelProto model, ConversionOptions options, String where, CommandSpec spec) {
    return apply(model, options, where, spec, null, SessionConfig.cpu());
  }

  ConversionOptions apply(ModelProto model, ConversionOptions options, String where, CommandSpec spec,
      String layout, SessionConfig cfg) {
    int k = reluK == null ? 10 : reluK;
    if (k < 1 || k > 30) {
      throw new UserInputException("--relu-k: expected 1..30, found " + k);
    }
    if (percentile != null && (!(percentile > 0) || !(percentile < 100))) {
      throw new UserInputException("--percentile: expected 0 < P < 100, found " + percentile);
    }
    if (calibrate == null) {
      if (percentile != null) {
        throw new UserInputException("--percentile needs --calibrate DATASET");
      }
      if (reluK != null) {
        Map<ActivationKind, Optional<CoefficientSet>> m = new EnumMap<>(ActivationKind.class);
        m.putAll(options.mapping());
        if (m.getOrDefault(ActivationKind.RELU, Optional.empty()).isPresent()) {
          m.put(ActivationKind.RELU, Optional.of(CoefficientSets.relu(25, k)));
        }
        return options.withMapping(m);
      }
      return options;
    }
    DatasetSpec ds = DatasetSpec.parse(calibrate);
    if (ds.split().equals("test")) {
      throw new UserInputException("--calibrate " + calibrate + ": calibration data must not come from the test split; "
          + "use the train split, e.g. " + ds.kind().specName() + ":train:2000");
    }
    ImageDataset data = Datasets.fromEnvironment().open(calibrate);
    calibrations.clear();
    Map<String, CoefficientSet> sets;
    try (Progress p = new Progress("calibrating")) {
      sets = Calibrator.reluSets(model, data, batch, layout, percentile == null ? Double.NaN : percentile, k, cfg,
          where, calibrations, p);
    }
    PrintWriter err = spec.commandLine().getErr();
    err.println("calibrated " + sets.size() + " ReLU layers on " + data.name() + " (" + data.size() + " images, "
        + (percentile == null ? "maximum" : percentile + "th percentile") + ", K=" + k + ")");
    err.flush();
    return options.withPerLayer(sets);
  }
}
