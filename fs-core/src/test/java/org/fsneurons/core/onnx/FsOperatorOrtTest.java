package org.fsneurons.core.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.SplittableRandom;
import org.fsneurons.core.coeff.CoefficientSet;
import org.fsneurons.core.coeff.CoefficientSets;
import org.fsneurons.core.compiled.CompiledFs;
import org.fsneurons.core.neuron.FsNeuron;
import org.fsneurons.core.neuron.FsOutput;
import org.fsneurons.core.neuron.FsParams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The FS operator's function bodies run under ONNX Runtime equal the Java reference {@link
 * FsNeuron} element for element (outputs compared with ==, so only the sign of a zero may differ)
 * and in the spike total.
 */
class FsOperatorOrtTest {
  private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

  /** ~1e5 random inputs (several ranges), both sides of every breakpoint, special values. */
  static float[] inputs(CoefficientSet set) {
    float[] bp = CompiledFs.compile(set.params()).breakpoints();
    float[] special = {
      0f,
      -0f,
      Float.POSITIVE_INFINITY,
      Float.NEGATIVE_INFINITY,
      Float.NaN,
      Float.MAX_VALUE,
      -Float.MAX_VALUE,
      Float.MIN_VALUE,
      -Float.MIN_VALUE,
      Float.MIN_NORMAL,
      1e30f,
      -1e30f,
      1e-30f
    };
    int random = 100_000;
    float[] x = new float[random + 6 * bp.length + special.length];
    SplittableRandom rng = new SplittableRandom(1);
    int i = 0;
    for (; i < random; i++) {
      int kind = rng.nextInt(10);
      x[i] =
          kind < 8
              ? (float) rng.nextDouble(-30, 30)
              : kind == 8
                  ? (float) rng.nextDouble(-3, 3)
                  : (float) (Math.pow(10, rng.nextDouble(-40, 38)) * (rng.nextBoolean() ? 1 : -1));
    }
    for (float b : bp) {
      x[i++] = Math.nextDown(Math.nextDown(b));
      x[i++] = Math.nextDown(b);
      x[i++] = b;
      x[i++] = Math.nextUp(b);
      x[i++] = Math.nextUp(Math.nextUp(b));
      x[i++] = Math.nextUp(Math.nextUp(Math.nextUp(b)));
    }
    for (float s : special) {
      x[i++] = s;
    }
    return x;
  }

  /**
   * Runs a single-node model on x; returns y and (when the model has it) the spike total in a
   * one-element array.
   */
  static Object[] run(ModelProto model, float[] x, long[] shape) throws OrtException {
    try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
        OrtSession session = ENV.createSession(model.toByteArray(), opts);
        OnnxTensor in = OnnxTensor.createTensor(ENV, FloatBuffer.wrap(x), shape);
        OrtSession.Result r = session.run(Map.of("x", in))) {
      float[] y = new float[x.length];
      ((OnnxTensor) r.get("y").orElseThrow()).getFloatBuffer().get(y);
      Long spikes = r.get("spikes").isPresent() ? (Long) r.get("spikes").get().getValue() : null;
      return new Object[] {y, spikes};
    }
  }

  private static void assertSameAsReference(
      FsParams p, float[] x, float[] y, long spikes, String what) {
    FsOutput ref = FsNeuron.run(p, x);
    float[] ry = ref.y();
    int bad = firstBad(y, ry);
    assertEquals(
        -1,
        bad,
        () ->
            what
                + ": output differs from the reference at x="
                + x[bad]
                + ": ort="
                + y[bad]
                + " ref="
                + ry[bad]);
    assertEquals(ref.totalSpikes(), spikes, what + ": spike total");
  }

  private static int firstBad(float[] y, float[] ry) {
    for (int i = 0; i < y.length; i++) {
      if (!(y[i] == ry[i])) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Opset 13 for every set and body; 7 and 8 for the legacy forms (int constants cast from float,
   * no Where: the NaN index is masked in int64), 21 for the newest. ONNX Runtime has no opset-6
   * kernels (e.g. Sub-6, Greater-1), so opset 6 is covered by {@link OnnxCheckerTest} only.
   */
  @ParameterizedTest(name = "{0} {1} opset {2}")
  @CsvSource({
    "relu, table, 13",
    "sigmoid, table, 13",
    "swish, table, 13",
    "relu, dynamics, 13",
    "sigmoid, dynamics, 13",
    "swish, dynamics, 13",
    "swish, dynamics, 7",
    "swish, table, 8",
    "sigmoid, table, 7",
    "sigmoid, table, 21",
    "relu, dynamics, 21"
  })
  void bodyEqualsReference(String name, String body, int opset) throws OrtException {
    CoefficientSet set = CoefficientSets.bundled(name);
    float[] x = inputs(set);
    long[] shape = {x.length};
    Object[] out =
        run(
            FsOperator.singleNodeModel(set, FsBody.parse(body), new long[] {-1}, true, opset),
            x,
            shape);
    assertSameAsReference(
        set.params(), x, (float[]) out[0], (Long) out[1], name + "/" + body + "/opset" + opset);
  }

  @Test
  void withoutSpikesAndTwoDimensions() throws OrtException {
    CoefficientSet set = CoefficientSets.bundled("swish");
    float[] x = new float[3 * 1000];
    SplittableRandom rng = new SplittableRandom(1);
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rng.nextDouble(-10, 15);
    }
    x[7] = Float.NaN;
    for (FsBody body : FsBody.values()) {
      Object[] out =
          run(
              FsOperator.singleNodeModel(set, body, new long[] {-1, 1000}, false, 13),
              x,
              new long[] {3, 1000});
      float[] ref = FsNeuron.run(set.params(), x).y();
      assertArrayEquals(ref, (float[]) out[0], 0f, body.id());
      assertEquals(null, out[1]);
      assertEquals(0f, ((float[]) out[0])[7], "NaN gives 0");
    }
  }

  @Test
  void tableFallbackStillExact() throws OrtException {
    // breakpoints 1000 apart but one pair a single ulp apart: grid too large, the dynamics body is
    // used
    float t = 1000f;
    FsParams p =
        new FsParams(
            new float[] {0f, 0f, 0f},
            new float[] {-1000f, t, Math.nextUp(t)},
            new float[] {1f, 2f, 4f});
    CoefficientSet set = new CoefficientSet("close", null, p, Map.of());
    float[] x = {
      -1001f, -1000f, 0f, t, Math.nextUp(t), Math.nextUp(Math.nextUp(t)), Float.NaN, 5000f
    };
    Object[] out =
        run(
            FsOperator.singleNodeModel(set, FsBody.TABLE, new long[] {-1}, true, 13),
            x,
            new long[] {x.length});
    assertArrayEquals(new float[] {0f, 0f, 1f, 1f, 3f, 7f, 0f, 7f}, (float[]) out[0], 0f);
    assertEquals(0 + 0 + 1 + 1 + 2 + 3 + 0 + 3, (Long) out[1]);
    assertNull(FsOperator.table(set));
  }

  /**
   * Two sets in one model: two model-local functions told apart by their overload, each node picks
   * its own.
   */
  @Test
  void twoOverloadsInOneModel() throws OrtException {
    CoefficientSet swish = CoefficientSets.bundled("swish");
    CoefficientSet sigmoid = CoefficientSets.bundled("sigmoid");
    ModelProto one = FsOperator.singleNodeModel(swish, FsBody.TABLE, new long[] {-1}, true, 13);
    ModelProto.Builder b =
        one.toBuilder().addFunctions(FsOperator.function(sigmoid, FsBody.DYNAMICS, 13));
    b.getGraphBuilder()
        .addNode(FsOperator.node("fs2", sigmoid, "x", "y2", "spikes2"))
        .addOutput(one.getGraph().getOutput(0).toBuilder().setName("y2"))
        .addOutput(one.getGraph().getOutput(1).toBuilder().setName("spikes2"));
    float[] x = inputs(swish);
    try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
        OrtSession session = ENV.createSession(b.build().toByteArray(), opts);
        OnnxTensor in = OnnxTensor.createTensor(ENV, FloatBuffer.wrap(x), new long[] {x.length});
        OrtSession.Result r = session.run(Map.of("x", in))) {
      float[] y = new float[x.length];
      float[] y2 = new float[x.length];
      ((OnnxTensor) r.get("y").orElseThrow()).getFloatBuffer().get(y);
      ((OnnxTensor) r.get("y2").orElseThrow()).getFloatBuffer().get(y2);
      assertSameAsReference(
          swish.params(), x, y, (Long) r.get("spikes").orElseThrow().getValue(), "swish");
      assertSameAsReference(
          sigmoid.params(), x, y2, (Long) r.get("spikes2").orElseThrow().getValue(), "sigmoid");
    }
  }
}
