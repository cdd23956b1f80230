package org.fsneurons.models.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.util.List;
import org.fsneurons.core.UserInputException;
import org.fsneurons.core.onnx.FsBody;
import org.fsneurons.models.arch.Architectures;
import org.fsneurons.models.convert.ConversionOptions;
import org.fsneurons.models.nativekernel.NativeFsKernel;
import org.fsneurons.models.ort.SessionConfig;
import org.fsneurons.models.progress.ProgressListener;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The model benchmark's plumbing on a small ResNet (resnet8-cifar, 8x8x3: 7 Relu layers), including
 * ONNX Runtime's real profiler traces; no time is asserted.
 */
class ModelBenchTest {
  private static final SessionConfig CPU =
      SessionConfig.cpu().withThreads(1).withConfigEntry("session.intra_op.allow_spinning", "0");
  private static final ModelProto RESNET8 =
      Architectures.build("resnet8-cifar", new int[] {8, 8, 3}, 1);

  private static ModelBench.Spec spec(FsBody body, SessionConfig fs, int profileRuns) {
    return new ModelBench.Spec(
        RESNET8,
        "arch:resnet8-cifar",
        ConversionOptions.defaults().withBody(body),
        CPU,
        fs,
        2,
        1,
        2,
        profileRuns,
        5);
  }

  @Test
  void functionBodyRunIsProfiledThroughItsInlinedNodes() {
    ModelBench.Result r = ModelBench.run(spec(FsBody.TABLE, CPU, 2), ProgressListener.NONE);
    assertEquals(List.of("ann", "fs"), r.timings().names());
    assertEquals("table", r.fsKernel());
    assertEquals(7, r.fsLayers());
    assertEquals("input", r.inputName());
    assertArrayEquals(new long[] {2, 3, 8, 8}, r.inputShape());
    ProfileTrace.Summary f = r.fsProfile();
    assertEquals(2, f.runs());
    // every FS node runs as several inlined body nodes, and nothing else is FS
    assertTrue(f.fsEvents() > 7 * 2, "FS events " + f.fsEvents());
    assertTrue(f.fsShare() > 0 && f.fsShare() < 1, "share " + f.fsShare());
    assertTrue(
        f.microsByOp().keySet().stream().anyMatch(k -> k.startsWith("FSNeuron/")),
        f.microsByOp().toString());
    assertEquals(0, r.annProfile().fsEvents());
  }

  @Test
  void nativeKernelRunsAsOneNodePerLayer() {
    Assumptions.assumeTrue(
        NativeFsKernel.library().isPresent(),
        "native FS kernel unavailable: " + NativeFsKernel.unavailableReason());
    ModelBench.Result r =
        ModelBench.run(
            spec(FsBody.DYNAMICS, CPU.withCustomOpLibrary(NativeFsKernel.library().get()), 1),
            ProgressListener.NONE);
    assertEquals("native", r.fsKernel());
    ProfileTrace.Summary f = r.fsProfile();
    assertEquals(7, f.fsEvents()); // one FSNeuron node per converted Relu, one profiled run
    assertTrue(f.microsByOp().containsKey("FSNeuron"), f.microsByOp().toString());
  }

  @Test
  void noProfileWhenNotAskedFor() {
    ModelBench.Result r = ModelBench.run(spec(FsBody.DYNAMICS, CPU, 0), ProgressListener.NONE);
    assertEquals("dynamics", r.fsKernel());
    assertNull(r.fsProfile());
    assertNull(r.annProfile());
  }

  @Test
  void aFixedBatchMustMatch() {
    var in = ModelBench.floatInput(RESNET8, "m.onnx").toBuilder();
    in.getTypeBuilder()
        .getTensorTypeBuilder()
        .getShapeBuilder()
        .getDimBuilder(0)
        .clearDimParam()
        .setDimValue(1);
    UserInputException e =
        assertThrows(
            UserInputException.class, () -> ModelBench.inputShape(in.build(), 4, "m.onnx"));
    assertEquals(
        "m.onnx: input 'input' has a fixed batch of 1; --batch 4 does not fit (use --batch 1)",
        e.getMessage());
    assertArrayEquals(new long[] {1, 3, 8, 8}, ModelBench.inputShape(in.build(), 1, "m.onnx"));
  }
}
