package org.fsneurons.models.bench;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fsneurons.core.UserInputException;
import org.fsneurons.core.approx.InputPoints;
import org.fsneurons.core.coeff.CoefficientSet;
import org.fsneurons.core.onnx.FsBody;
import org.fsneurons.core.onnx.FsOperator;
import org.fsneurons.models.ort.OrtRunner;
import org.fsneurons.models.ort.SessionConfig;
import org.fsneurons.models.ort.Tensor;
import org.fsneurons.models.progress.ProgressListener;

/**
 * One FS layer against a Relu node on the same fixed input (normal, mean 0, std {@value
 * #INPUT_STD}, seeded), all variants in one process, interleaved ({@link Interleaved}). Variants
 * ({@link #VARIANTS}):
 *
 * <ul>
 *   <li>{@code relu}: one Relu node, default-domain opset {@value #OPSET};
 *   <li>{@code fs_native}: one FSNeuron node (dynamics body written) with the native kernel
 *       registered, spike total not requested ({@code [Y, ""]});
 *   <li>{@code fs_native_spikes}: the same with the spike total as a second output;
 *   <li>{@code fs_table}, {@code fs_dynamics}: the table and dynamics function bodies, no library.
 * </ul>
 *
 * Before timing, every FS variant is run once and its Y compared with the dynamics body's (equal
 * values; a zero may differ in sign), so a broken kernel is not benchmarked silently.
 */
public final class LayerBench {
  /** Default-domain opset of every variant's model. */
  public static final int OPSET = 13;

  /** Standard deviation of the input values. */
  public static final double INPUT_STD = 1.5;

  public static final String RELU = "relu";
  public static final String FS_NATIVE = "fs_native";
  public static final String FS_NATIVE_SPIKES = "fs_native_spikes";
  public static final String FS_TABLE = "fs_table";
  public static final String FS_DYNAMICS = "fs_dynamics";
  public static final List<String> VARIANTS =
      List.of(RELU, FS_NATIVE, FS_NATIVE_SPIKES, FS_TABLE, FS_DYNAMICS);

  /**
   * Tensors a layer benchmark holds at once, in units of the input's size: the input and the
   * reference output in Java, and in ONNX Runtime each variant's input and outputs (plus the
   * dynamics body's intermediate tensors).
   */
  public static final int TENSOR_COPIES = 16;

  private LayerBench() {}

  /**
   * What to run.
   *
   * @param shape the input shape (all dimensions positive)
   * @param set the FS coefficient set
   * @param session session settings for every variant; the library in {@code nativeSession} is
   *     added for the native variants only
   * @param nativeLibrary the native kernel's file, or empty with {@code nativeUnavailable} saying
   *     why
   */
  public record Spec(
      long[] shape,
      CoefficientSet set,
      SessionConfig session,
      Optional<Path> nativeLibrary,
      String nativeUnavailable,
      int warmup,
      int runs,
      long seed) {
    public Spec {
      shape = shape.clone();
      for (long d : shape) {
        if (d < 1) {
          throw new IllegalArgumentException(
              "layer shape needs positive dimensions, found " + Arrays.toString(shape));
        }
      }
    }

    @Override
    public long[] shape() {
      return shape.clone();
    }
  }

  /**
   * Results.
   *
   * @param timings timed runs of the variants that ran
   * @param unavailable variant → why it did not run (the native variants when the kernel is not
   *     available)
   * @param mismatches variant → elements whose Y differs from the dynamics body's (0 everywhere
   *     when all agree)
   * @param spikesPerNeuron spike total / elements, from the native spikes variant (NaN when it did
   *     not run)
   */
  public record Result(
      Timings timings,
      Map<String, String> unavailable,
      Map<String, Long> mismatches,
      double spikesPerNeuron) {
    public Result {
      unavailable = Map.copyOf(unavailable);
      mismatches = Map.copyOf(mismatches);
    }

    /** Median of a variant, or empty when it did not run. */
    public Optional<Double> median(String variant) {
      return timings.names().contains(variant)
          ? Optional.of(timings.median(variant))
          : Optional.empty();
    }
  }

  /** The Relu model: input "x" of the shape, output "y", IR version 8. */
  public static ModelProto reluModel(long[] shape) {
    TensorShapeProto.Builder dims = TensorShapeProto.newBuilder();
    for (long d : shape) {
      dims.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
    }
    TypeProto type =
        TypeProto.newBuilder()
            .setTensorType(
                TypeProto.Tensor.newBuilder()
                    .setElemType(TensorProto.DataType.FLOAT_VALUE)
                    .setShape(dims))
            .build();
    GraphProto g =
        GraphProto.newBuilder()
            .setName("relu")
            .addInput(ValueInfoProto.newBuilder().setName("x").setType(type))
            .addOutput(ValueInfoProto.newBuilder().setName("y").setType(type))
            .addNode(
                NodeProto.newBuilder()
                    .setName("relu")
                    .setOpType("Relu")
                    .addInput("x")
                    .addOutput("y"))
            .build();
    return ModelProto.newBuilder()
        .setIrVersion(8)
        .setProducerName("fsneurons")
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
        .setGraph(g)
        .build();
  }

  /** The fixed input: normal(0, {@value #INPUT_STD}) values, seeded. */
  public static Tensor input(long[] shape, long seed) {
    long n = 1;
    for (long d : shape) {
      n = Math.multiplyExact(n, d);
    }
    if (n > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "layer of " + n + " elements is too large (at most 2^31 - 9)");
    }
    return Tensor.ofFloats(InputPoints.normal(0, INPUT_STD, (int) n, seed), shape);
  }

  /** Runs the benchmark. */
  public static Result run(Spec spec, ProgressListener progress) {
    long[] shape = spec.shape();
    Tensor x = input(shape, spec.seed());
    Map<String, String> unavailable = new LinkedHashMap<>();
    Map<String, Long> mismatches = new LinkedHashMap<>();
    List<OrtRunner> runners = new ArrayList<>();
    List<OrtRunner.Prepared> prepared = new ArrayList<>();
    List<Interleaved.Variant> variants = new ArrayList<>();
    double spikesPerNeuron = Double.NaN;
    try {
      Map<String, OrtRunner> byName = new LinkedHashMap<>();
      byName.put(RELU, open(runners, reluModel(shape), "Relu layer", spec.session()));
      for (String v : List.of(FS_NATIVE, FS_NATIVE_SPIKES)) {
        if (spec.nativeLibrary().isEmpty()) {
          unavailable.put(v, spec.nativeUnavailable());
          continue;
        }
        OrtRunner r =
            open(
                runners,
                FsOperator.singleNodeModel(
                    spec.set(), FsBody.DYNAMICS, shape, v.equals(FS_NATIVE_SPIKES), OPSET),
                "FS layer (" + v + ")",
                spec.session().withCustomOpLibrary(spec.nativeLibrary().get()));
        if (!r.customOpsRegistered()) {
          unavailable.put(
              v,
              "the session uses the "
                  + r.provider()
                  + " provider; the CPU kernel is not registered there");
          continue;
        }
        byName.put(v, r);
      }
      try {
        byName.put(
            FS_TABLE,
            open(
                runners,
                FsOperator.singleNodeModel(spec.set(), FsBody.TABLE, shape, false, OPSET),
                "FS layer (table body)",
                spec.session()));
      } catch (UserInputException e) { // a set too costly to compile has no table body
        unavailable.put(FS_TABLE, e.getMessage());
      }
      byName.put(
          FS_DYNAMICS,
          open(
              runners,
              FsOperator.singleNodeModel(spec.set(), FsBody.DYNAMICS, shape, false, OPSET),
              "FS layer (dynamics body)",
              spec.session()));

      float[] reference =
          byName.get(FS_DYNAMICS).run(Map.of("x", x), List.of("y")).get("y").floats();
      for (var e : byName.entrySet()) {
        String v = e.getKey();
        if (v.equals(RELU) || v.equals(FS_DYNAMICS)) {
          continue;
        }
        List<String> outs = v.equals(FS_NATIVE_SPIKES) ? List.of("y", "spikes") : List.of("y");
        Map<String, Tensor> out = e.getValue().run(Map.of("x", x), outs);
        mismatches.put(v, mismatches(reference, out.get("y").floats()));
        if (v.equals(FS_NATIVE_SPIKES)) {
          spikesPerNeuron = out.get("spikes").scalarLong() / (double) reference.length;
        }
      }

      for (String v : VARIANTS) {
        OrtRunner r = byName.get(v);
        if (r == null) {
          continue;
        }
        OrtRunner.Prepared p =
            r.prepare(
                Map.of("x", x), v.equals(FS_NATIVE_SPIKES) ? List.of("y", "spikes") : List.of("y"));
        prepared.add(p);
        variants.add(new Interleaved.Variant(v, p::run));
      }
      Timings t =
          Interleaved.run(
              variants,
              spec.warmup(),
              spec.runs(),
              spec.seed(),
              Interleaved.Clock.SYSTEM,
              progress);
      return new Result(t, unavailable, mismatches, spikesPerNeuron);
    } finally {
      prepared.forEach(OrtRunner.Prepared::close);
      runners.forEach(OrtRunner::close);
    }
  }

  private static OrtRunner open(
      List<OrtRunner> runners, ModelProto m, String where, SessionConfig cfg) {
    OrtRunner r = OrtRunner.open(m, where, cfg);
    runners.add(r);
    return r;
  }

  /** Elements whose values differ (a zero equals a zero of either sign; NaN equals NaN). */
  static long mismatches(float[] a, float[] b) {
    if (a.length != b.length) {
      return Math.max(a.length, b.length);
    }
    long n = 0;
    for (int i = 0; i < a.length; i++) {
      if (!(a[i] == b[i] || (Float.isNaN(a[i]) && Float.isNaN(b[i])))) {
        n++;
      }
    }
    return n;
  }
}
