package org.fsneurons.models.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.fsneurons.core.UserInputException;
import org.fsneurons.models.convert.ConversionOptions;
import org.fsneurons.models.data.DatasetSpec;
import org.fsneurons.models.data.Datasets;
import org.fsneurons.models.data.Layout;
import org.fsneurons.models.data.Normalization;
import org.fsneurons.models.onnx.OnnxModels;
import org.fsneurons.models.ort.SessionConfig;
import org.fsneurons.models.progress.ProgressListener;
import org.junit.jupiter.api.Test;

/**
 * {@link FsEvaluation.Request}'s builder: its defaults, its setters and its checks; {@link
 * FsEvaluation#evaluate} of a prepared model against {@link FsEvaluation#run}; the calibration
 * images' normalisation.
 */
class FsEvaluationTest {
  static final Path MODEL = Path.of("m.onnx");

  @Test
  void builderDefaultsAreAllImagesBatch100AnnOnlyOnCpu() {
    FsEvaluation.Request r = FsEvaluation.Request.builder(MODEL, "fashion-mnist:test").build();
    assertEquals(MODEL, r.model());
    assertEquals("fashion-mnist:test", r.dataset());
    assertEquals(0, r.limit());
    assertEquals(100, r.batch());
    assertFalse(r.fs());
    assertEquals(ConversionOptions.defaults(), r.options());
    assertEquals(FsEvaluation.Calibration.NONE, r.calibration());
    assertNull(r.layout());
    assertNull(r.normalization());
    assertEquals(0, r.resolution());
    assertEquals(SessionConfig.cpu(), r.annConfig());
    assertEquals(SessionConfig.cpu(), r.fsConfig());
    assertNull(r.saveFs());
  }

  @Test
  void settersSetTheirComponent() {
    SessionConfig two = new SessionConfig(SessionConfig.cpu().provider(), 2, Optional.empty());
    FsEvaluation.Request r =
        FsEvaluation.Request.builder(MODEL, "cifar10:test")
            .limit(7)
            .batch(3)
            .fs(true)
            .layout(Layout.NHWC)
            .normalization(Normalization.UNIT)
            .resolution(32)
            .annConfig(two)
            .fsConfig(two)
            .saveFs(Path.of("fs.onnx"))
            .build();
    assertEquals(7, r.limit());
    assertEquals(3, r.batch());
    assertTrue(r.fs());
    assertEquals(Layout.NHWC, r.layout());
    assertEquals(Normalization.UNIT, r.normalization());
    assertEquals(32, r.resolution());
    assertEquals(2, r.annConfig().threads());
    assertEquals(2, r.fsConfig().threads());
    assertEquals(Path.of("fs.onnx"), r.saveFs());
  }

  @Test
  void batchBelowOneAndNegativeLimitAreRefused() {
    var b = FsEvaluation.Request.builder(MODEL, "fashion-mnist:test");
    var e = assertThrows(UserInputException.class, () -> b.batch(0).build());
    assertEquals("batch: expected a positive number, found 0", e.getMessage());
    e = assertThrows(UserInputException.class, () -> b.batch(1).limit(-1).build());
    assertEquals("limit: expected a non-negative number, found -1", e.getMessage());
  }

  @Test
  void calibrationOfTurnsAbsentSettingsIntoEmptyValuesAndKDefaultsTo10() {
    FsEvaluation.Calibration none = FsEvaluation.Calibration.of(null, null, null);
    assertEquals(FsEvaluation.Calibration.NONE, none);
    assertTrue(none.percentile().isEmpty());
    assertTrue(none.reluK().isEmpty());
    assertEquals(10, none.k());
    FsEvaluation.Calibration c = FsEvaluation.Calibration.of("fashion-mnist:train:100", 99.9, 6);
    assertEquals(OptionalDouble.of(99.9), c.percentile());
    assertEquals(OptionalInt.of(6), c.reluK());
    assertEquals(6, c.k());
  }

  @Test
  void calibrationSettingsAreCheckedBeforeAnythingRuns() {
    // the checks come before the model or any data is touched: no model needed
    assertEquals(
        "relu-k: expected 1..30, found 31",
        calibrateMessage(FsEvaluation.Calibration.of(null, null, 31)));
    assertEquals(
        "percentile: expected 0 < P < 100, found 100.0",
        calibrateMessage(FsEvaluation.Calibration.of("fashion-mnist:train:10", 100.0, null)));
    assertEquals(
        "percentile needs a calibration dataset (--calibrate DATASET)",
        calibrateMessage(FsEvaluation.Calibration.of(null, 99.0, null)));
    assertEquals(
        "calibrate fashion-mnist:test:10: calibration data must not come from the test split; use"
            + " the train split, e.g. fashion-mnist:train:2000",
        calibrateMessage(FsEvaluation.Calibration.of("fashion-mnist:test:10", null, null)));
    assertEquals(
        "--calibrate cifar10:test: calibration data must not come from the test split; use the"
            + " train split, e.g. cifar10:train:2000",
        assertThrows(
                UserInputException.class,
                () -> FsEvaluation.calibrationSpec("cifar10:test", "--calibrate"))
            .getMessage());
    assertEquals(
        "fashion-mnist:train:10",
        FsEvaluation.calibrationSpec("fashion-mnist:train:10", "calibrate").toString());
    // nothing to calibrate: the options come back as they were
    assertEquals(ConversionOptions.defaults(), calibrate(FsEvaluation.Calibration.NONE));
  }

  @Test
  void calibrationRunsTheEvaluationsBatchAtMost100Images() {
    // ./fs eval --calibrate and ./fs sweep both calibrate through CalibrationRun.of(request)
    FsEvaluation.Request.Builder b =
        FsEvaluation.Request.builder(Path.of("m.onnx"), "fashion-mnist:test");
    assertEquals(100, FsEvaluation.CalibrationRun.of(b.batch(256).build()).calibrationBatch());
    assertEquals(7, FsEvaluation.CalibrationRun.of(b.batch(7).build()).calibrationBatch());
  }

  /** The committed ResNet-20 (Maven runs fs-models' tests in fs-models/). */
  static final Path RESNET20 = Path.of("../models/fmnist-resnet20.onnx");

  static final Path FMNIST = Path.of("/usr/share/datasets/fashion-mnist");

  @Test
  void evaluateOfAPreparedModelGivesTheNumbersOfRun() {
    assumeTrue(Files.isRegularFile(RESNET20) && Files.isDirectory(FMNIST), "needs Fashion-MNIST");
    FsEvaluation.Request r =
        FsEvaluation.Request.builder(RESNET20, "fashion-mnist:test:32").batch(16).fs(true).build();
    EvalResult both = FsEvaluation.run(r, ProgressListener.NONE, ProgressListener.NONE).result();
    byte[] bytes = OnnxModels.readBytes(RESNET20);
    ModelProto ann = OnnxModels.parse(bytes, "m.onnx");
    EvalResult annOnly = FsEvaluation.evaluate(ann, bytes, null, r, ProgressListener.NONE);
    FsEvaluation.FsModel fs = FsEvaluation.prepareFs(ann, r, "m.onnx", ProgressListener.NONE);
    EvalResult fsOnly =
        FsEvaluation.evaluate(ann, null, fs.instrumented(), r, ProgressListener.NONE);
    assertEquals(32, both.images());
    assertEquals(32, annOnly.images());
    assertEquals(32, fsOnly.images());
    // the ANN half and the FS half of one pass, run apart: exactly the same counts
    assertEquals(both.annTop1(), annOnly.annTop1());
    assertEquals(both.annTop5(), annOnly.annTop5());
    assertTrue(Double.isNaN(fsOnly.annTop1()), "no ANN session: " + fsOnly);
    assertEquals(both.fsTop1(), fsOnly.fsTop1());
    assertEquals(both.neurons(), fsOnly.neurons());
    assertEquals(both.spikesPerNeuron(), fsOnly.spikesPerNeuron());
    assertEquals(both.inputMean(), fsOnly.inputMean());
    assertEquals(both.inputStd(), fsOnly.inputStd());
    assertTrue(both.fsTop1() > 0.8 && both.neurons() > 0, both.toString());
  }

  @Test
  void calibrationImagesTakeTheEvaluationsNormalisationWhereItApplies() {
    assumeTrue(Files.isDirectory(FMNIST), "needs Fashion-MNIST");
    DatasetSpec train = DatasetSpec.parse("fashion-mnist:train:10");
    assertEquals(
        Normalization.UNIT,
        FsEvaluation.openCalibration(Datasets.defaults(), train, Normalization.UNIT)
            .normalization());
    // ImageNet's normalisation does not apply to Fashion-MNIST: the dataset's default instead
    assertEquals(
        Normalization.MEAN_STD,
        FsEvaluation.openCalibration(Datasets.defaults(), train, Normalization.RESNET)
            .normalization());
    assertEquals(
        Normalization.MEAN_STD,
        FsEvaluation.openCalibration(Datasets.defaults(), train, null).normalization());
    assertEquals(10, FsEvaluation.openCalibration(Datasets.defaults(), train, null).size());
  }

  static ConversionOptions calibrate(FsEvaluation.Calibration c) {
    return FsEvaluation.calibrate(
        null,
        ConversionOptions.defaults(),
        c,
        FsEvaluation.CalibrationRun.of(Datasets.defaults(), SessionConfig.cpu()),
        "m.onnx",
        new ArrayList<>(),
        ProgressListener.NONE);
  }

  static String calibrateMessage(FsEvaluation.Calibration c) {
    return assertThrows(UserInputException.class, () -> calibrate(c)).getMessage();
  }
}
