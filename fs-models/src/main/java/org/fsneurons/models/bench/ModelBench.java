package org.fsneurons.models.bench;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fsneurons.core.UserInputException;
import org.fsneurons.core.approx.InputPoints;
import org.fsneurons.models.convert.Conversion;
import org.fsneurons.models.convert.ConversionOptions;
import org.fsneurons.models.convert.Converter;
import org.fsneurons.models.onnx.OnnxModels;
import org.fsneurons.models.ort.BlockedLayout;
import org.fsneurons.models.ort.OrtRunner;
import org.fsneurons.models.ort.SessionConfig;
import org.fsneurons.models.ort.Tensor;
import org.fsneurons.models.progress.ProgressListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ANN against its FS version on the same fixed input batch (standard normal values, seeded: a
 * normalised random image batch), both sessions in one process, interleaved ({@link Interleaved}).
 * Then each model runs {@code max(1, warmup) + profileRuns} more times in a separate session with
 * ONNX Runtime's profiler on; the first {@code max(1, warmup)} of these runs are left out and the
 * rest give the FS nodes' share of the FS model's node time ({@link ProfileTrace}) and per-op times
 * of both models (which shows, e.g., the ANN's fused Conv+activation nodes that the FS model cannot
 * have).
 */
public final class ModelBench {
  private static final Logger LOG = LoggerFactory.getLogger(ModelBench.class);

  public static final String ANN = "ann";
  public static final String FS = "fs";

  private ModelBench() {}

  /**
   * What to run.
   *
   * @param ann the original model
   * @param where names it in messages (a path or "arch:NAME")
   * @param options the conversion (mapping, layers, body written into the model)
   * @param annSession session settings for the ANN
   * @param fsSession session settings for the FS model (with the native library when wanted)
   * @param batch batch size, used for the input's first dimension when it is symbolic (must match
   *     when fixed)
   * @param profileRuns profiled runs per model after the timing (0: no profile)
   */
  public record Spec(
      ModelProto ann,
      String where,
      ConversionOptions options,
      SessionConfig annSession,
      SessionConfig fsSession,
      int batch,
      int warmup,
      int runs,
      int profileRuns,
      long seed) {}

  /**
   * Results.
   *
   * @param timings timed runs of {@value #ANN} and {@value #FS}
   * @param fsKernel "native" when the FS session runs the native kernel, else the body written
   *     ("dynamics", "table")
   * @param fsLayers activations replaced by FS neurons
   * @param keptLayers activations kept
   * @param inputName the input fed
   * @param inputShape its shape
   * @param annProfile the ANN's profile (null when not profiled)
   * @param fsProfile the FS model's profile (null when not profiled)
   * @param fsLayout where the FS session runs its FS nodes ({@link OrtRunner#layout()})
   */
  public record Result(
      Timings timings,
      String fsKernel,
      int fsLayers,
      int keptLayers,
      String inputName,
      long[] inputShape,
      ProfileTrace.Summary annProfile,
      ProfileTrace.Summary fsProfile,
      String fsLayout) {
    public Result {
      inputShape = inputShape.clone();
    }

    @Override
    public long[] inputShape() {
      return inputShape.clone();
    }
  }

  /** Runs the benchmark. */
  public static Result run(Spec spec, ProgressListener progress) {
    ValueInfoProto in = floatInput(spec.ann(), spec.where());
    long[] shape = inputShape(in, spec.batch(), spec.where());
    long n = Arrays.stream(shape).reduce(1, Math::multiplyExact);
    if (n > Integer.MAX_VALUE - 8) {
      throw new UserInputException(
          spec.where()
              + ": input "
              + Arrays.toString(shape)
              + " has "
              + n
              + " elements; at most 2^31 - 9 fit in one tensor here; use a smaller --batch");
    }
    Tensor x = Tensor.ofFloats(InputPoints.normal(0, 1, (int) n, spec.seed()), shape);
    Conversion conv = Converter.convert(spec.ann(), spec.options(), spec.where());
    if (conv.replaced().isEmpty()) {
      throw new UserInputException(
          spec.where()
              + ": no activation was converted ("
              + conv.kept().size()
              + " kept); check --map/--include/--exclude");
    }
    Map<String, Tensor> inputs = Map.of(in.getName(), x);
    String out = spec.ann().getGraph().getOutput(0).getName();
    String fsKernel;
    String fsLayout;
    Timings t;
    BlockedLayout.Prepared fsModel = BlockedLayout.prepare(conv.model(), spec.fsSession());
    try (OrtRunner ann = OrtRunner.open(spec.ann(), spec.where(), spec.annSession());
        OrtRunner fs = OrtRunner.open(fsModel, spec.where() + " (FS)", spec.fsSession());
        OrtRunner.Prepared pa = ann.prepare(inputs, List.of(out));
        OrtRunner.Prepared pf = fs.prepare(inputs, List.of(out))) {
      fsKernel = fs.customOpsRegistered() ? "native" : spec.options().body().id();
      fsLayout = fs.layout();
      t =
          Interleaved.run(
              List.of(new Interleaved.Variant(ANN, pa::run), new Interleaved.Variant(FS, pf::run)),
              spec.warmup(),
              spec.runs(),
              spec.seed(),
              Interleaved.Clock.SYSTEM,
              progress);
    }
    ProfileTrace.Summary annProfile = null;
    ProfileTrace.Summary fsProfile = null;
    if (spec.profileRuns() > 0) {
      int skip = Math.max(1, spec.warmup());
      annProfile =
          profile(
              new BlockedLayout.Prepared(spec.ann(), false, "plain"),
              spec.where(),
              spec.annSession(),
              inputs,
              out,
              skip,
              spec.profileRuns());
      fsProfile =
          profile(
              fsModel,
              spec.where() + " (FS)",
              spec.fsSession(),
              inputs,
              out,
              skip,
              spec.profileRuns());
    }
    return new Result(
        t,
        fsKernel,
        conv.replaced().size(),
        conv.kept().size(),
        in.getName(),
        shape,
        annProfile,
        fsProfile,
        fsLayout);
  }

  private static ProfileTrace.Summary profile(
      BlockedLayout.Prepared model,
      String where,
      SessionConfig cfg,
      Map<String, Tensor> inputs,
      String out,
      int skip,
      int runs) {
    Path dir;
    try {
      dir = Files.createTempDirectory("fs-bench-profile-");
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot create a folder for ONNX Runtime's profile: " + e.getMessage(), e);
    }
    Path trace = null;
    try (OrtRunner r = OrtRunner.openProfiled(model, where, cfg, dir.resolve("trace"))) {
      try (OrtRunner.Prepared p = r.prepare(inputs, List.of(out))) {
        for (int i = 0; i < skip + runs; i++) {
          p.run();
        }
      }
      trace = r.endProfiling();
      return ProfileTrace.read(trace, skip);
    } finally {
      try {
        if (trace != null) {
          Files.deleteIfExists(trace);
        }
        Files.deleteIfExists(dir);
      } catch (IOException e) {
        LOG.debug("could not delete profile {}: {}", dir, e.getMessage());
      }
    }
  }

  /** The model's one float input (graph inputs that are initializers do not count). */
  static ValueInfoProto floatInput(ModelProto m, String where) {
    Set<String> inits = new HashSet<>();
    m.getGraph().getInitializerList().forEach(i -> inits.add(i.getName()));
    List<ValueInfoProto> real = new ArrayList<>();
    for (ValueInfoProto v : m.getGraph().getInputList()) {
      if (!inits.contains(v.getName())) {
        real.add(v);
      }
    }
    if (real.size() != 1
        || real.get(0).getType().getTensorType().getElemType()
            != TensorProto.DataType.FLOAT_VALUE) {
      throw new UserInputException(
          where
              + ": expected one float input to benchmark, found "
              + real.size()
              + " input(s) "
              + real.stream().map(ValueInfoProto::getName).toList());
    }
    return real.get(0);
  }

  /** The input's shape with the batch as its first dimension; other dimensions must be fixed. */
  static long[] inputShape(ValueInfoProto in, int batch, String where) {
    long[] s =
        OnnxModels.shape(in)
            .orElseThrow(
                () ->
                    new UserInputException(
                        where
                            + ": input '"
                            + in.getName()
                            + "' has no shape; expected e.g. [N, C, H, W]"));
    if (s.length == 0) {
      throw new UserInputException(
          where + ": input '" + in.getName() + "' is a scalar; expected a batch of images");
    }
    if (s[0] > 0 && s[0] != batch) {
      throw new UserInputException(
          where
              + ": input '"
              + in.getName()
              + "' has a fixed batch of "
              + s[0]
              + "; --batch "
              + batch
              + " does not fit (use --batch "
              + s[0]
              + ")");
    }
    long[] r = s.clone();
    r[0] = batch;
    for (int i = 1; i < r.length; i++) {
      if (r[i] <= 0) {
        throw new UserInputException(
            where
                + ": input '"
                + in.getName()
                + "' has a symbolic dimension "
                + i
                + " in "
                + Arrays.toString(s)
                + "; only the batch dimension may be symbolic");
      }
    }
    return r;
  }
}
