package org.fsneurons.models.ort;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fsneurons.core.UserInputException;
import org.fsneurons.core.coeff.CoefficientSets;
import org.fsneurons.core.onnx.FsBody;
import org.fsneurons.core.onnx.FsOperator;
import org.junit.jupiter.api.Test;

class OrtRunnerTest {
  static byte[] model() {
    return FsOperator.singleNodeModel(
            CoefficientSets.bundled("relu"), FsBody.DYNAMICS, new long[] {-1, 3}, true, 13)
        .toByteArray();
  }

  @Test
  void runsAndCopiesOutputs() {
    try (OrtRunner r = OrtRunner.open(model(), "relu", SessionConfig.cpu())) {
      assertEquals(ExecutionProvider.CPU, r.provider());
      assertEquals(List.of("x"), r.inputNames());
      Map<String, Tensor> out =
          r.run(Map.of("x", Tensor.ofFloats(new float[] {20f, -1f, 12.5f}, 1, 3)), List.of());
      // relu set (alpha 25, K=10), by hand: 20 spikes at t=0,1,4,5,8,9
      // (12.5+6.25+0.78125+0.390625+0.048828125+0.0244140625);
      // 12.5 does not spike at t=0 (strict >) and then at t=1..9
      assertArrayEquals(new float[] {19.995117f, 0f, 12.475586f}, out.get("y").floats());
      assertArrayEquals(new long[] {1, 3}, out.get("y").shape());
      assertEquals(6 + 0 + 9, out.get("spikes").scalarLong());
    }
  }

  @Test
  void closeIsIdempotentAndUseAfterCloseFails() {
    OrtRunner r = OrtRunner.open(model(), "relu", SessionConfig.cpu());
    r.close();
    r.close();
    var e = assertThrows(IllegalStateException.class, r::inputNames);
    assertTrue(e.getMessage().contains("closed"), e.getMessage());
  }

  @Test
  void autoFallsBackToCpuWithoutCuda() {
    assumeFalse(
        OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA),
        "CUDA build: nothing to fall back");
    try (OrtRunner r =
        OrtRunner.open(
            model(), "relu", new SessionConfig(ExecutionProvider.AUTO, 1, Optional.empty()))) {
      assertEquals(ExecutionProvider.CPU, r.provider());
    }
  }

  @Test
  void cudaWithoutTheProviderIsAClearError() {
    assumeFalse(OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA), "CUDA build");
    var e =
        assertThrows(
            UserInputException.class,
            () ->
                OrtRunner.open(
                    model(),
                    "relu",
                    new SessionConfig(ExecutionProvider.CUDA, 0, Optional.empty())));
    assertTrue(
        e.getMessage().startsWith("--provider cuda: this ONNX Runtime build has no CUDA provider"),
        e.getMessage());
    assertTrue(e.getMessage().contains("-Pcuda"), e.getMessage());
  }

  @Test
  void unknownProviderListsTheAllowedOnes() {
    var e = assertThrows(UserInputException.class, () -> ExecutionProvider.parse("tpu"));
    assertEquals("unknown execution provider 'tpu'; allowed: cpu, cuda, auto", e.getMessage());
  }

  @Test
  void customOpsAreNeverRegisteredInACudaSessionButOnCpu() {
    // registering a missing library on CPU fails loudly (the caller checks availability first)
    var e =
        assertThrows(
            UserInputException.class,
            () ->
                OrtRunner.open(
                    model(),
                    "relu",
                    SessionConfig.cpu().withCustomOpLibrary(Path.of("/nonexistent/libx.so"))));
    assertTrue(
        e.getMessage().startsWith("cannot load the FS kernel library /nonexistent/libx.so: "),
        e.getMessage());
  }
}
