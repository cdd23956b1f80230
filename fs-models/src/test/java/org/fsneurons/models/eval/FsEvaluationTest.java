package org.fsneurons.models.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.fsneurons.core.UserInputException;
import org.fsneurons.models.convert.ConversionOptions;
import org.fsneurons.models.ort.SessionConfig;
import org.junit.jupiter.api.Test;

/** {@link FsEvaluation.Request}'s builder: its defaults, its setters and its checks. */
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
            .layout("nhwc")
            .normalization("unit")
            .resolution(32)
            .annConfig(two)
            .fsConfig(two)
            .saveFs(Path.of("fs.onnx"))
            .build();
    assertEquals(7, r.limit());
    assertEquals(3, r.batch());
    assertTrue(r.fs());
    assertEquals("nhwc", r.layout());
    assertEquals("unit", r.normalization());
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
}
