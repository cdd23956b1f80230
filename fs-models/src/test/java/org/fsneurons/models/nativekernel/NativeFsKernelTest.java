package org.fsneurons.models.nativekernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.fsneurons.core.coeff.CoefficientSet;
import org.fsneurons.core.coeff.CoefficientSets;
import org.fsneurons.core.neuron.FsNeuron;
import org.fsneurons.core.neuron.FsOutput;
import org.fsneurons.core.neuron.FsParams;
import org.fsneurons.core.onnx.FsBody;
import org.fsneurons.core.onnx.FsOperator;
import org.fsneurons.models.nativekernel.NativeFsKernel.Isa;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The native kernel against the float32 reference {@link FsNeuron} (the ground truth; its javadoc
 * holds the equations): equal bit for bit, up to the sign of a zero output, on every
 * instruction-set path, and equal spike totals. Tests needing the library are skipped, with the
 * reason, where it is unavailable.
 */
class NativeFsKernelTest {
  private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();
  private static final List<String> SETS = List.of("relu", "sigmoid", "swish");

  static Stream<Arguments> setsAndPaths() {
    return SETS.stream().flatMap(s -> Arrays.stream(Isa.values()).map(i -> Arguments.of(s, i)));
  }

  // ---------------------------------------------------------------------------------------------------- locating

  @Test
  void propertyPointingAtMissingFileMakesTheKernelUnavailableNamingThePath(@TempDir Path dir) {
    Path missing = dir.resolve("no-such-dir").resolve("libfsneurons_ort.so");
    NativeFsKernel.Location loc = NativeFsKernel.locate(missing.toString());
    assertTrue(loc.library().isEmpty());
    assertTrue(loc.reason().contains(missing.toAbsolutePath().toString()), loc.reason());
    assertTrue(loc.reason().contains(NativeFsKernel.LIB_PROPERTY), loc.reason());
  }

  @Test
  void propertyPointingAtANonLibraryFileIsUnavailableSayingWhy(@TempDir Path dir) throws Exception {
    Path junk = Files.writeString(dir.resolve("junk.so"), "not an ELF file");
    NativeFsKernel.Location loc = NativeFsKernel.locate(junk.toString());
    assertTrue(loc.library().isEmpty());
    assertEquals(
        NativeFsKernel.LIB_PROPERTY + "=" + junk + " cannot be loaded: not an ELF shared library",
        loc.reason());
  }

  @Test
  void unavailableLibraryRegistersNothing() throws OrtException {
    Assumptions.assumeTrue(NativeFsKernel.library().isEmpty(), "library is available here");
    assertFalse(NativeFsKernel.unavailableReason().isEmpty());
    try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
      assertFalse(NativeFsKernel.register(o));
    }
  }

  // ---------------------------------------------------------------------------------------------------- equality

  /**
   * 1e6 seeded inputs: 3/4 uniform on [-12, 16) (every set's breakpoints lie inside), 1/4 arbitrary
   * bit patterns.
   */
  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("setsAndPaths")
  void millionSeededInputsEqualTheReference(String setName, Isa isa) throws OrtException {
    FsParams p = params(setName);
    SplittableRandom r = new SplittableRandom(1);
    float[] x = new float[1_000_000];
    for (int i = 0; i < x.length; i++) {
      x[i] = (i & 3) == 3 ? Float.intBitsToFloat(r.nextInt()) : (float) r.nextDouble(-12, 16);
    }
    assertNativeEqualsReference(p, isa, x, setName + "/" + isa + " seeded");
  }

  /**
   * Every breakpoint neighbourhood: each threshold T[t] plus each sum of resets h[s] (s &lt; t)
   * that inputs on a fine grid actually subtract before step t, then +-16 ulp around it.
   */
  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("setsAndPaths")
  void breakpointNeighbourhoodsEqualTheReference(String setName, Isa isa) throws OrtException {
    FsParams p = params(setName);
    float[] x = breakpointNeighbourhoods(p);
    assertTrue(x.length > 33 * p.k(), "found " + x.length + " points");
    assertNativeEqualsReference(p, isa, x, setName + "/" + isa + " breakpoints");
  }

  /**
   * Groups of 128 equal inputs, one group per breakpoint neighbour: the vector paths skip a step
   * for a group whose largest input is below the smallest input that spikes there, so a group's
   * maximum sitting exactly on or next to a breakpoint is the case that must not be off by one.
   */
  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("setsAndPaths")
  void uniformGroupsAtBreakpointsEqualTheReference(String setName, Isa isa) throws OrtException {
    FsParams p = params(setName);
    float[] points = breakpointNeighbourhoods(p);
    float[] x = new float[points.length * 128];
    for (int i = 0; i < x.length; i++) {
      x[i] = points[i / 128];
    }
    assertNativeEqualsReference(p, isa, x, setName + "/" + isa + " uniform groups");
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("setsAndPaths")
  void specialValuesEqualTheReference(String setName, Isa isa) throws OrtException {
    FsParams p = params(setName);
    float[] x = specials(p);
    assertNativeEqualsReference(p, isa, x, setName + "/" + isa + " specials");
    // NaN gives 0 and no spikes; +inf spikes at every step (finite T), -inf never
    float[] y = runNative(p, isa, new float[] {Float.NaN, Float.NEGATIVE_INFINITY}, true).y;
    assertEquals(0f, y[0]);
    assertEquals(0f, y[1]);
    assertEquals(p.k(), runNative(p, isa, new float[] {Float.POSITIVE_INFINITY}, true).spikes);
  }

  /**
   * Sizes around the vector widths (4, 8, 16 lanes, 4 vectors a step) and past the parallel
   * threshold.
   */
  @ParameterizedTest
  @EnumSource(Isa.class)
  void oddSizesExerciseTheVectorTails(Isa isa) throws OrtException {
    FsParams p = params("swish");
    SplittableRandom r = new SplittableRandom(1);
    for (int n : new int[] {1, 3, 7, 15, 17, 33, 63, 65, 127, 1_000_003}) {
      float[] x = new float[n];
      for (int i = 0; i < n; i++) {
        x[i] = (float) r.nextDouble(-6, 10);
      }
      assertNativeEqualsReference(p, isa, x, "swish/" + isa + " n=" + n);
    }
  }

  /**
   * Binary FS-ReLU sets (h = T = d = alpha 2^-(t+1)) take the native kernel's closed-form path when
   * every code's output is exactly j c[K-1] (alpha 25, 6 and 3 here), and the dynamics otherwise
   * (alpha 7.3123455, whose sums round; alpha 1e-36, whose smallest c[t] is subnormal). Either way:
   * equal to the reference on seeded inputs, on every multiple of c[K-1] and its neighbours, and on
   * the special values, with equal spike totals, and equal to the same session with the closed form
   * turned off.
   */
  @ParameterizedTest(name = "alpha={0} K={1} {2}")
  @MethodSource("binaryReluSets")
  void binaryReluSetsEqualTheReference(float alpha, int k, Isa isa) throws OrtException {
    float[] c = new float[k];
    for (int t = 0; t < k; t++) {
      c[t] = alpha * (float) Math.pow(2, -(t + 1));
    }
    FsParams p = new FsParams(c.clone(), c.clone(), c.clone());
    SplittableRandom r = new SplittableRandom(k);
    List<Float> v = new ArrayList<>();
    for (int i = 0; i < 300_000; i++) {
      v.add(
          (i & 3) == 3
              ? Float.intBitsToFloat(r.nextInt())
              : (float) r.nextDouble(-0.5 * alpha, 2.5 * alpha));
    }
    float unit = c[k - 1];
    for (long j = 0; j <= (1L << k) + 2; j += (k > 12 ? 7 : 1)) {
      float b = j * unit;
      v.add(b);
      v.add(Math.nextUp(b));
      v.add(Math.nextDown(b));
    }
    for (float f : specials(p)) {
      v.add(f);
    }
    v.add(2 * alpha);
    v.add(Math.nextDown(2 * alpha));
    float[] x = new float[v.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = v.get(i);
    }
    assertNativeEqualsReference(p, isa, x, "binary relu alpha=" + alpha + " K=" + k + " " + isa);
    long[] shape = {x.length};
    try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
      o.setIntraOpNumThreads(2);
      o.addConfigEntry(
          NativeFsKernel.BINARY_RELU_CONFIG_KEY, "off"); // read when the library registers
      assertTrue(NativeFsKernel.register(o, isa), "registered");
      Native dynamics = run(o, model(p, "y", "spikes", shape), x, shape, true);
      Native closed = runNative(p, isa, x, true);
      assertArrayEquals(dynamics.y, closed.y, "closed form off vs on");
      assertEquals(dynamics.spikes, closed.spikes);
    }
  }

  static Stream<Arguments> binaryReluSets() {
    List<Arguments> a = new ArrayList<>();
    float[][] sets = {{25f, 10}, {6f, 8}, {3f, 16}, {7.3123455f, 10}, {1e-36f, 10}};
    for (float[] s : sets) {
      for (Isa isa : List.of(Isa.AUTO, Isa.AVX2, Isa.SSE)) {
        a.add(Arguments.of(s[0], (int) s[1], isa));
      }
    }
    return a.stream();
  }

  /**
   * ONNX Runtime's session.set_denormal_as_zero must not change the kernel's results on subnormal
   * inputs.
   */
  @Test
  void subnormalInputsSurviveDenormalAsZeroSessions() throws Exception {
    requireLibrary();
    // thresholds straddling the subnormal range: read as zero, every input here would give the same
    // output
    FsParams p =
        new FsParams(
            new float[] {Float.MIN_VALUE, 0f, 1e-39f},
            new float[] {0f, 2 * Float.MIN_VALUE, -1e-39f},
            new float[] {1f, 2f, 4f});
    float[] x = new float[200_003]; // past the parallel threshold, so pool threads run it too
    SplittableRandom r = new SplittableRandom(1);
    for (int i = 0; i < x.length; i++) {
      x[i] =
          Float.intBitsToFloat(r.nextInt(0, 8) | (r.nextBoolean() ? 0x80000000 : 0))
              * (i % 3 == 0 ? 1 : 4096);
    }
    FsOutput ref = FsNeuron.run(p, x);
    // ORT sets the flags on the thread creating the session as well: keep that off the test's own
    // thread
    ExecutorService exec = Executors.newSingleThreadExecutor();
    try {
      Future<Native> f =
          exec.submit(
              () -> {
                try (OrtSession.SessionOptions o = options(Isa.AUTO)) {
                  o.addConfigEntry("session.set_denormal_as_zero", "1");
                  return run(
                      o,
                      model(p, "y", "spikes", new long[] {x.length}),
                      x,
                      new long[] {x.length},
                      true);
                }
              });
      Native got = f.get();
      assertBitsEqual(ref.y(), got.y, x, "denormal-as-zero session");
      assertEquals(ref.totalSpikes(), got.spikes);
    } finally {
      exec.shutdownNow();
    }
  }

  // ---------------------------------------------------------------------------------------------------- the node

  @Test
  void spikeOutputIsOptional() throws OrtException {
    requireLibrary();
    FsParams p = params("sigmoid");
    float[] x = new float[1000];
    for (int i = 0; i < x.length; i++) {
      x[i] = -8f + 0.016f * i;
    }
    FsOutput ref = FsNeuron.run(p, x);
    long[] shape = {x.length};
    try (OrtSession.SessionOptions o = options(Isa.AUTO)) {
      Native both = run(o, model(p, "y", "spikes", shape), x, shape, true);
      Native empty = run(o, model(p, "y", "", shape), x, shape, false);
      Native yOnly = run(o, model(p, "y", null, shape), x, shape, false);
      assertBitsEqual(ref.y(), both.y, x, "[y, spikes]");
      assertBitsEqual(ref.y(), empty.y, x, "[y, \"\"]");
      assertBitsEqual(ref.y(), yOnly.y, x, "[y]");
      assertEquals(ref.totalSpikes(), both.spikes);
    }
  }

  @Test
  void outputKeepsTheInputShapeIncludingEmptyTensors() throws OrtException {
    requireLibrary();
    FsParams p = params("relu");
    try (OrtSession.SessionOptions o = options(Isa.AUTO)) {
      ModelProto m = model(p, "y", "spikes", new long[] {-1, 3, 5});
      float[] x = new float[2 * 3 * 5];
      for (int i = 0; i < x.length; i++) {
        x[i] = i * 0.25f - 2f;
      }
      Native got = run(o, m, x, new long[] {2, 3, 5}, true);
      assertArrayEquals(new long[] {2, 3, 5}, got.shape);
      assertBitsEqual(FsNeuron.run(p, x).y(), got.y, x, "[2,3,5]");
      Native none = run(o, m, new float[0], new long[] {0, 3, 5}, true);
      assertArrayEquals(new long[] {0, 3, 5}, none.shape);
      assertEquals(0, none.spikes);
    }
  }

  /**
   * The graph output y is declared without a shape; the kernel's shape inference gives it x's,
   * names kept.
   */
  @Test
  void shapeInferenceGivesYTheInputShape() throws OrtException {
    requireLibrary();
    ModelProto m = model(params("relu"), "y", "spikes", new long[] {-1, 3, 5});
    try (OrtSession.SessionOptions o = options(Isa.AUTO);
        OrtSession s = ENV.createSession(m.toByteArray(), o)) {
      TensorInfo y = (TensorInfo) s.getOutputInfo().get("y").getInfo();
      assertArrayEquals(new long[] {-1, 3, 5}, y.getShape());
      assertArrayEquals(new String[] {"N", "", ""}, y.getDimensionNames());
    }
  }

  @Test
  void attributesOfUnequalLengthFailWithTheNodeName() throws OrtException {
    requireLibrary();
    ModelProto m =
        model(
            new float[] {1f, 1f},
            new float[] {0.5f},
            new float[] {1f, 1f},
            "y",
            null,
            new long[] {4});
    try (OrtSession.SessionOptions o = options(Isa.AUTO)) {
      // the failure is expected: ONNX Runtime's own log line of it (severity ERROR) is not printed
      o.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL);
      OrtException e =
          Assertions.assertThrows(
              OrtException.class, () -> ENV.createSession(m.toByteArray(), o).close());
      assertTrue(
          e.getMessage()
              .contains(
                  "FSNeuron node 'fs': attributes h, T and d must have the same length K >= 1,"
                      + " found h=2, T=1, d=2"),
          e.getMessage());
    }
  }

  /**
   * A model as the converter writes it carries the FS function body too; with the library
   * registered, ONNX Runtime's profiler shows the node running as one FSNeuron kernel on the CPU
   * provider, not the body's ops.
   */
  @Test
  void registeredKernelReplacesTheFunctionBody(@TempDir Path dir) throws Exception {
    requireLibrary();
    CoefficientSet set = CoefficientSets.bundled("swish");
    long[] shape = {4, 1000};
    ModelProto m = FsOperator.singleNodeModel(set, FsBody.DYNAMICS, shape, true, 13);
    assertTrue(m.getFunctionsCount() > 0, "the model carries its function body");
    float[] x = new float[4000];
    for (int i = 0; i < x.length; i++) {
      x[i] = -8f + 0.005f * i;
    }
    FsOutput ref = FsNeuron.run(set.params(), x);

    Set<String> withKernel = profiledOps(m, x, shape, dir.resolve("kernel"), true, ref);
    assertEquals(Set.of("FSNeuron"), withKernel, "ops run with the library registered");
    Set<String> bodyOnly = profiledOps(m, x, shape, dir.resolve("body"), false, ref);
    assertFalse(
        bodyOnly.contains("FSNeuron"), "without the library the body's ops run: " + bodyOnly);
  }

  private static Set<String> profiledOps(
      ModelProto m, float[] x, long[] shape, Path prefix, boolean register, FsOutput ref)
      throws Exception {
    String file;
    try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
      if (register) {
        assertTrue(NativeFsKernel.register(o));
      }
      o.enableProfiling(prefix.toString());
      try (OrtSession s = ENV.createSession(m.toByteArray(), o)) {
        Native got = run(s, x, shape, true);
        assertBitsEqual(ref.y(), got.y, x, register ? "kernel" : "body");
        assertEquals(ref.totalSpikes(), got.spikes);
        file = s.endProfiling();
      }
    }
    String json = Files.readString(Path.of(file));
    Files.deleteIfExists(Path.of(file));
    Set<String> ops = new TreeSet<>();
    Matcher mt = Pattern.compile("\"op_name\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
    while (mt.find()) {
      ops.add(mt.group(1));
    }
    if (register) {
      assertTrue(json.matches("(?s).*\"op_name\"\\s*:\\s*\"FSNeuron\".*"), json);
      assertTrue(json.matches("(?s).*\"provider\"\\s*:\\s*\"CPUExecutionProvider\".*"), json);
    }
    return ops;
  }

  // ---------------------------------------------------------------------------------------------------- helpers

  private static void requireLibrary() {
    Assumptions.assumeTrue(
        NativeFsKernel.library().isPresent(),
        () -> "native FS kernel unavailable, skipped: " + NativeFsKernel.unavailableReason());
  }

  private static FsParams params(String set) {
    return CoefficientSets.bundled(set).params();
  }

  private static OrtSession.SessionOptions options(Isa isa) throws OrtException {
    OrtSession.SessionOptions o = new OrtSession.SessionOptions();
    o.setIntraOpNumThreads(2);
    assertTrue(NativeFsKernel.register(o, isa), "registered");
    return o;
  }

  private static void assertNativeEqualsReference(FsParams p, Isa isa, float[] x, String what)
      throws OrtException {
    requireLibrary();
    FsOutput ref = FsNeuron.run(p, x);
    Native got = runNative(p, isa, x, true);
    assertBitsEqual(ref.y(), got.y, x, what);
    assertEquals(ref.totalSpikes(), got.spikes, what + ": spike total");
  }

  private static Native runNative(FsParams p, Isa isa, float[] x, boolean spikes)
      throws OrtException {
    requireLibrary();
    long[] shape = {x.length};
    try (OrtSession.SessionOptions o = options(isa)) {
      return run(o, model(p, "y", spikes ? "spikes" : "", shape), x, shape, spikes);
    }
  }

  /** Equal float bits, except that +0 and -0 count as equal. */
  private static void assertBitsEqual(float[] expected, float[] actual, float[] x, String what) {
    assertEquals(expected.length, actual.length, what + ": length");
    for (int i = 0; i < expected.length; i++) {
      float e = expected[i];
      float a = actual[i];
      if (Float.floatToIntBits(e) != Float.floatToIntBits(a) && !(e == 0f && a == 0f)) {
        fail(
            String.format(
                "%s: at index %d x=%s (0x%08x): reference y=%s (0x%08x), native y=%s (0x%08x)",
                what,
                i,
                x[i],
                Float.floatToRawIntBits(x[i]),
                e,
                Float.floatToRawIntBits(e),
                a,
                Float.floatToRawIntBits(a)));
      }
    }
  }

  private record Native(float[] y, long spikes, long[] shape) {}

  private static Native run(
      OrtSession.SessionOptions o, ModelProto m, float[] x, long[] shape, boolean spikes)
      throws OrtException {
    try (OrtSession s = ENV.createSession(m.toByteArray(), o)) {
      return run(s, x, shape, spikes);
    }
  }

  private static Native run(OrtSession s, float[] x, long[] shape, boolean spikes)
      throws OrtException {
    try (OnnxTensor in = OnnxTensor.createTensor(ENV, FloatBuffer.wrap(x), shape);
        OrtSession.Result r = s.run(Map.of("x", in))) {
      OnnxTensor y = (OnnxTensor) r.get("y").orElseThrow();
      FloatBuffer fb = y.getFloatBuffer();
      float[] out = new float[fb.remaining()];
      fb.get(out);
      long total = -1;
      if (spikes) {
        OnnxTensor st = (OnnxTensor) r.get("spikes").orElseThrow();
        assertEquals(0, st.getInfo().getShape().length, "spike total is a scalar");
        total = st.getLongBuffer().get(0);
      }
      return new Native(out, total, y.getInfo().getShape());
    }
  }

  // ---------------------------------------------------------------------------------------------------- inputs

  private static float[] specials(FsParams p) {
    List<Float> v =
        new ArrayList<>(
            List.of(
                Float.NaN,
                Float.intBitsToFloat(0x7fc00001),
                Float.intBitsToFloat(0xffc00000),
                Float.intBitsToFloat(0x7f800001),
                Float.POSITIVE_INFINITY,
                Float.NEGATIVE_INFINITY,
                0f,
                -0f,
                Float.MIN_VALUE,
                -Float.MIN_VALUE,
                Float.intBitsToFloat(0x007fffff),
                Float.intBitsToFloat(0x807fffff),
                Float.MIN_NORMAL,
                -Float.MIN_NORMAL,
                Float.MAX_VALUE,
                -Float.MAX_VALUE,
                1e30f,
                -1e30f,
                1f,
                -1f));
    for (int t = 0; t < p.k(); t++) {
      v.add(p.T(t));
      v.add(Math.nextUp(p.T(t)));
      v.add(Math.nextDown(p.T(t)));
    }
    float[] x = new float[v.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = v.get(i);
    }
    return x;
  }

  static float[] breakpointNeighbourhoods(FsParams p) {
    int k = p.k();
    // (t, spikes before t) pairs reached by a fine grid over [-40, 40]
    Set<Long> reached = new HashSet<>();
    for (int i = 0; i <= 800_000; i++) {
      float v = -40f + i * 1e-4f;
      long mask = 0;
      for (int t = 0; t < k; t++) {
        reached.add(((long) t << 32) | mask);
        if (v > p.T(t)) {
          v = v - p.h(t);
          mask |= 1L << t;
        }
      }
    }
    Set<Float> centres = new TreeSet<>();
    for (long key : reached) {
      int t = (int) (key >>> 32);
      double c = p.T(t);
      for (int s = 0; s < t; s++) {
        if ((key & (1L << s)) != 0) {
          c += p.h(s);
        }
      }
      centres.add((float) c);
      centres.add(p.T(t));
    }
    float[] x = new float[centres.size() * 33];
    int n = 0;
    for (float c : centres) {
      float lo = c;
      for (int j = 0; j < 16; j++) {
        lo = Math.nextDown(lo);
      }
      for (int j = 0; j < 33; j++) {
        x[n++] = lo;
        lo = Math.nextUp(lo);
      }
    }
    return x;
  }

  // ---------------------------------------------------------------------------------------------------- models

  private static ModelProto model(FsParams p, String y, String spikes, long[] shape) {
    return model(p.h(), p.T(), p.d(), y, spikes, shape);
  }

  /** One FSNeuron node, no function body: only the registered kernel can run it. */
  private static ModelProto model(
      float[] h, float[] t, float[] d, String y, String spikes, long[] shape) {
    NodeProto.Builder node =
        NodeProto.newBuilder()
            .setName("fs")
            .setOpType(FsOperator.OP_TYPE)
            .setDomain(FsOperator.DOMAIN)
            .addInput("x")
            .addOutput(y)
            .addAttribute(floats(FsOperator.ATTR_H, h))
            .addAttribute(floats(FsOperator.ATTR_T, t))
            .addAttribute(floats(FsOperator.ATTR_D, d));
    if (spikes != null) {
      node.addOutput(spikes);
    }
    TensorShapeProto.Builder xs = TensorShapeProto.newBuilder();
    for (long dim : shape) {
      xs.addDim(
          dim < 0
              ? TensorShapeProto.Dimension.newBuilder().setDimParam("N")
              : TensorShapeProto.Dimension.newBuilder().setDimValue(dim));
    }
    GraphProto.Builder g =
        GraphProto.newBuilder()
            .setName("fs")
            .addNode(node)
            .addInput(value("x", TensorProto.DataType.FLOAT, xs.build()))
            .addOutput(value(y, TensorProto.DataType.FLOAT, null));
    if (spikes != null && !spikes.isEmpty()) {
      g.addOutput(value(spikes, TensorProto.DataType.INT64, TensorShapeProto.getDefaultInstance()));
    }
    return ModelProto.newBuilder()
        .setIrVersion(FsOperator.MIN_IR_VERSION)
        .setProducerName("NativeFsKernelTest")
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
        .addOpsetImport(
            OperatorSetIdProto.newBuilder()
                .setDomain(FsOperator.DOMAIN)
                .setVersion(FsOperator.DOMAIN_VERSION))
        .setGraph(g)
        .build();
  }

  private static AttributeProto floats(String name, float[] v) {
    AttributeProto.Builder a =
        AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOATS);
    for (float f : v) {
      a.addFloats(f);
    }
    return a.build();
  }

  private static ValueInfoProto value(
      String name, TensorProto.DataType type, TensorShapeProto shape) {
    TypeProto.Tensor.Builder t = TypeProto.Tensor.newBuilder().setElemType(type.getNumber());
    if (shape != null) {
      t.setShape(shape);
    }
    return ValueInfoProto.newBuilder()
        .setName(name)
        .setType(TypeProto.newBuilder().setTensorType(t))
        .build();
  }
}
