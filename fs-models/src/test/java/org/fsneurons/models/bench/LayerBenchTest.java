package org.fsneurons.models.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fsneurons.core.coeff.CoefficientSets;
import org.fsneurons.models.nativekernel.NativeFsKernel;
import org.fsneurons.models.ort.OrtRunner;
import org.fsneurons.models.ort.SessionConfig;
import org.fsneurons.models.ort.Tensor;
import org.fsneurons.models.progress.ProgressListener;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The layer benchmark's plumbing on a tiny tensor; no time is asserted. */
class LayerBenchTest {
  private static final long[] SHAPE = {2, 3, 4, 5};
  private static final SessionConfig ONE_THREAD =
      SessionConfig.cpu().withThreads(1).withConfigEntry("session.intra_op.allow_spinning", "0");

  @Test
  void withoutTheLibraryTheNativeVariantsSayWhy() {
    LayerBench.Result r =
        LayerBench.run(
            new LayerBench.Spec(
                SHAPE,
                CoefficientSets.bundled("swish"),
                ONE_THREAD,
                Optional.empty(),
                "no library in this test",
                1,
                2,
                7),
            ProgressListener.NONE);
    assertEquals(List.of("relu", "fs_table", "fs_dynamics"), r.timings().names());
    assertEquals(
        Map.of(
            "fs_native", "no library in this test", "fs_native_spikes", "no library in this test"),
        r.unavailable());
    assertEquals(Map.of("fs_table", 0L), r.mismatches());
    assertEquals(2, r.timings().runs("relu").length);
    assertTrue(Double.isNaN(r.spikesPerNeuron()));
    assertTrue(r.median("fs_native").isEmpty());
  }

  @Test
  void withTheLibraryEveryVariantRunsAndAgrees() {
    Assumptions.assumeTrue(
        NativeFsKernel.library().isPresent(),
        "native FS kernel unavailable: " + NativeFsKernel.unavailableReason());
    LayerBench.Result r =
        LayerBench.run(
            new LayerBench.Spec(
                SHAPE,
                CoefficientSets.bundled("relu"),
                ONE_THREAD,
                NativeFsKernel.library(),
                "",
                0,
                1,
                7),
            ProgressListener.NONE);
    assertEquals(LayerBench.VARIANTS, r.timings().names());
    assertEquals(Map.of("fs_native", 0L, "fs_native_spikes", 0L, "fs_table", 0L), r.mismatches());
    assertTrue(r.unavailable().isEmpty());
    assertTrue(
        r.spikesPerNeuron() > 0 && r.spikesPerNeuron() <= CoefficientSets.bundled("relu").k(),
        "spikes per neuron " + r.spikesPerNeuron());
  }

  @Test
  void reluModelComputesRelu() {
    Tensor x = LayerBench.input(SHAPE, 3);
    float[] in = x.floats();
    try (OrtRunner r =
        OrtRunner.open(LayerBench.reluModel(SHAPE).toByteArray(), "relu", SessionConfig.cpu())) {
      float[] y = r.run(Map.of("x", x), List.of("y")).get("y").floats();
      for (int i = 0; i < in.length; i++) {
        assertEquals(Math.max(0f, in[i]), y[i]);
      }
    }
  }

  @Test
  void inputIsSeededNormalWithTheDocumentedSpread() {
    float[] a = LayerBench.input(new long[] {100, 100}, 11).floats();
    float[] b = LayerBench.input(new long[] {100, 100}, 11).floats();
    assertEquals(10_000, a.length);
    assertEquals(List.of(a[0], a[9999]), List.of(b[0], b[9999]));
    double s = 0;
    double s2 = 0;
    for (float v : a) {
      s += v;
      s2 += v * v;
    }
    double std = Math.sqrt(s2 / a.length - (s / a.length) * (s / a.length));
    // 10^4 normal samples: the sample std is within a few percent of 1.5
    assertEquals(LayerBench.INPUT_STD, std, 0.05);
  }

  @Test
  void mismatchesTreatSignedZerosAndNaNsAsEqual() {
    assertEquals(
        0,
        LayerBench.mismatches(new float[] {0f, Float.NaN, 1f}, new float[] {-0f, Float.NaN, 1f}));
    assertEquals(
        2, LayerBench.mismatches(new float[] {1f, 2f, 3f}, new float[] {1f, 2.5f, Float.NaN}));
  }
}
