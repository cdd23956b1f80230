package org.fsneurons.models.ort;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fsneurons.core.UserInputException;
import org.fsneurons.models.onnx.OnnxModels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns one ONNX Runtime session and its options; it opens the model it is given (an FS model's
 * blocked layout is a step before it: {@link BlockedLayout#prepare}). Inputs and outputs are plain
 * {@link Tensor} copies; every ORT tensor and result is closed before a call returns. {@link
 * #close()} is idempotent and never throws; use after close throws {@link IllegalStateException}.
 */
public final class OrtRunner implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OrtRunner.class);

  private final OrtEnvironment env = OrtEnvironment.getEnvironment();
  private final OrtSession.SessionOptions options;
  private final OrtSession session;
  private final ExecutionProvider provider;
  private final boolean customOps;
  private final String where;
  private final String layout;
  private boolean closed;

  private OrtRunner(
      byte[] model,
      String where,
      SessionConfig config,
      Path profilePrefix,
      String layout,
      boolean preOptimized) {
    this.where = where;
    OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
    try {
      // a model already optimized by ORT (BlockedLayout.prepare) is kept as it is at BASIC
      opts.setOptimizationLevel(
          preOptimized
              ? OrtSession.SessionOptions.OptLevel.BASIC_OPT
              : OrtSession.SessionOptions.OptLevel.ALL_OPT);
      if (profilePrefix != null) {
        opts.enableProfiling(profilePrefix.toString());
      }
      if (config.threads() > 0) {
        opts.setIntraOpNumThreads(config.threads());
      }
      addConfigEntries(opts, config);
      this.provider = chooseProvider(opts, config.provider());
      this.customOps = provider == ExecutionProvider.CPU && config.customOpLibrary().isPresent();
      if (customOps) {
        registerKernelLibrary(opts, config.customOpLibrary().get());
      }
      this.layout = layout;
      this.options = opts;
      this.session = env.createSession(model, opts);
    } catch (OrtException e) {
      opts.close();
      throw new UserInputException(
          where + ": ONNX Runtime cannot load the model: " + firstLine(e.getMessage()), e);
    } catch (RuntimeException e) {
      opts.close();
      throw e;
    }
  }

  /**
   * Registers the FS kernel library (the custom-op library) with session options; a failure is
   * reported as such, not as a model that cannot be loaded.
   */
  static void registerKernelLibrary(OrtSession.SessionOptions opts, Path lib) {
    try {
      opts.registerCustomOpLibrary(lib.toString());
    } catch (OrtException e) {
      throw new UserInputException(
          "cannot load the FS kernel library " + lib + ": " + firstLine(e.getMessage()), e);
    }
  }

  /**
   * Adds the session configuration entries, in order (before the custom-op library, which reads
   * some of them).
   */
  static void addConfigEntries(OrtSession.SessionOptions o, SessionConfig config)
      throws OrtException {
    for (Map.Entry<String, String> e : config.configEntries().entrySet()) {
      o.addConfigEntry(e.getKey(), e.getValue());
    }
  }

  /**
   * Where the FS nodes run: the {@link BlockedLayout.Prepared#layout()} of a prepared model, else
   * {@code plain}.
   */
  public String layout() {
    return layout;
  }

  /**
   * Opens a session on serialized ONNX bytes; {@code where} names the model in messages (a path or
   * a label).
   */
  public static OrtRunner open(byte[] model, String where, SessionConfig config) {
    return new OrtRunner(model, where, config, null, "plain", false);
  }

  /** Opens a session on a model held as a proto. */
  public static OrtRunner open(ModelProto model, String where, SessionConfig config) {
    return open(model.toByteArray(), where, config);
  }

  /**
   * Opens a session on an FS model after the blocked-layout step ({@link BlockedLayout#prepare}).
   */
  public static OrtRunner open(BlockedLayout.Prepared model, String where, SessionConfig config) {
    return new OrtRunner(
        model.model().toByteArray(), where, config, null, model.layout(), model.blocked());
  }

  /**
   * Opens a session with ONNX Runtime's profiler on; the JSON trace is written under {@code prefix}
   * when {@link #endProfiling()} is called.
   */
  public static OrtRunner openProfiled(
      byte[] model, String where, SessionConfig config, Path prefix) {
    return new OrtRunner(model, where, config, prefix, "plain", false);
  }

  /** {@link #openProfiled(byte[], String, SessionConfig, Path)} on a model held as a proto. */
  public static OrtRunner openProfiled(
      ModelProto model, String where, SessionConfig config, Path prefix) {
    return openProfiled(model.toByteArray(), where, config, prefix);
  }

  /** {@link #openProfiled(byte[], String, SessionConfig, Path)} on a prepared FS model. */
  public static OrtRunner openProfiled(
      BlockedLayout.Prepared model, String where, SessionConfig config, Path prefix) {
    return new OrtRunner(
        model.model().toByteArray(), where, config, prefix, model.layout(), model.blocked());
  }

  /** Ends profiling and returns the path of ONNX Runtime's JSON trace. */
  public Path endProfiling() {
    check();
    try {
      return Path.of(session.endProfiling());
    } catch (OrtException e) {
      throw new IllegalStateException(where + ": " + e.getMessage(), e);
    }
  }

  /** Opens a session on a model file. */
  public static OrtRunner open(Path file, SessionConfig config) {
    return open(OnnxModels.readBytes(file), file.toString(), config);
  }

  private static ExecutionProvider chooseProvider(
      OrtSession.SessionOptions opts, ExecutionProvider wanted) throws OrtException {
    if (wanted == ExecutionProvider.CPU) {
      return ExecutionProvider.CPU;
    }
    String why;
    if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
      why =
          "this ONNX Runtime build has no CUDA provider (artifact onnxruntime; build with 'mvn -Pcuda' for onnxruntime_gpu)";
    } else {
      try {
        opts.addCUDA(0);
        if (wanted == ExecutionProvider.AUTO) {
          LOG.info("execution provider: cuda (CUDA provider loaded)");
        }
        return ExecutionProvider.CUDA;
      } catch (OrtException e) {
        why =
            "the CUDA provider did not load: "
                + firstLine(e.getMessage())
                + " (needs the CUDA 12 runtime and cuDNN 9 libraries on the library path)";
      }
    }
    if (wanted == ExecutionProvider.CUDA) {
      throw new UserInputException("--provider cuda: " + why);
    }
    LOG.info("execution provider: cpu ({})", why);
    return ExecutionProvider.CPU;
  }

  static String firstLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("");
  }

  /** The provider the session actually uses. */
  public ExecutionProvider provider() {
    return provider;
  }

  /** Whether the custom-op library (native FS kernel) was registered in this session. */
  public boolean customOpsRegistered() {
    return customOps;
  }

  /** Names of the model's inputs. */
  public List<String> inputNames() {
    check();
    return new ArrayList<>(session.getInputNames());
  }

  /** Names of the model's outputs. */
  public List<String> outputNames() {
    check();
    return new ArrayList<>(session.getOutputNames());
  }

  /** Shape of an input (-1 for symbolic dimensions). */
  public long[] inputShape(String name) {
    check();
    try {
      var info = session.getInputInfo().get(name);
      if (info == null) {
        throw new IllegalArgumentException(
            where + ": no input named '" + name + "'; inputs: " + inputNames());
      }
      return ((TensorInfo) info.getInfo()).getShape();
    } catch (OrtException e) {
      throw new IllegalStateException(where + ": " + e.getMessage(), e);
    }
  }

  /**
   * Runs the model on named inputs and returns copies of the requested outputs (all outputs when
   * empty).
   */
  public Map<String, Tensor> run(Map<String, Tensor> inputs, List<String> outputs) {
    check();
    Map<String, OnnxTensor> in = new LinkedHashMap<>();
    try {
      for (var e : inputs.entrySet()) {
        Tensor t = e.getValue();
        OnnxTensor ot =
            t.floats() != null
                ? OnnxTensor.createTensor(env, FloatBuffer.wrap(t.floats()), t.shape())
                : OnnxTensor.createTensor(env, LongBuffer.wrap(t.longs()), t.shape());
        in.put(e.getKey(), ot);
      }
      List<String> want = outputs == null || outputs.isEmpty() ? outputNames() : outputs;
      try (OrtSession.Result r = session.run(in, new LinkedHashSet<>(want))) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (String name : want) {
          OnnxValue v =
              r.get(name)
                  .orElseThrow(() -> new IllegalStateException(where + ": no output " + name));
          out.put(name, copy((OnnxTensor) v));
        }
        return out;
      }
    } catch (OrtException e) {
      throw new IllegalStateException(
          where + ": ONNX Runtime run failed: " + firstLine(e.getMessage()), e);
    } finally {
      for (OnnxTensor t : in.values()) {
        t.close();
      }
    }
  }

  /**
   * Prepares repeated runs on fixed inputs (for benchmarks): the inputs are copied once into native
   * memory, and each {@link Prepared#run()} runs the session and discards the requested outputs
   * (all when empty) without copying them. Close the returned object before this runner.
   */
  public Prepared prepare(Map<String, Tensor> inputs, List<String> outputs) {
    check();
    Map<String, OnnxTensor> in = new LinkedHashMap<>();
    try {
      for (var e : inputs.entrySet()) {
        Tensor t = e.getValue();
        ByteBuffer bytes =
            ByteBuffer.allocateDirect(
                    Math.toIntExact(t.size() * (t.floats() != null ? Float.BYTES : Long.BYTES)))
                .order(ByteOrder.nativeOrder());
        OnnxTensor ot =
            t.floats() != null
                ? OnnxTensor.createTensor(
                    env, bytes.asFloatBuffer().put(t.floats()).flip(), t.shape())
                : OnnxTensor.createTensor(
                    env, bytes.asLongBuffer().put(t.longs()).flip(), t.shape());
        in.put(e.getKey(), ot);
      }
    } catch (OrtException | RuntimeException e) {
      in.values().forEach(OnnxTensor::close);
      throw new IllegalStateException(
          where + ": cannot create input tensors: " + firstLine(e.getMessage()), e);
    }
    return new Prepared(
        in, new LinkedHashSet<>(outputs == null || outputs.isEmpty() ? outputNames() : outputs));
  }

  /** Fixed inputs held in native memory for repeated runs; see {@link #prepare}. */
  public final class Prepared implements AutoCloseable {
    private final Map<String, OnnxTensor> inputs;
    private final Set<String> outputs;
    private boolean preparedClosed;

    private Prepared(Map<String, OnnxTensor> inputs, Set<String> outputs) {
      this.inputs = inputs;
      this.outputs = outputs;
    }

    /** Runs the session once on the fixed inputs; the outputs are discarded. */
    public void run() {
      check();
      if (preparedClosed) {
        throw new IllegalStateException("prepared inputs for " + where + " are closed");
      }
      try (OrtSession.Result r = session.run(inputs, outputs)) {
        if (r.size() != outputs.size()) {
          throw new IllegalStateException(
              where + ": expected " + outputs.size() + " outputs, got " + r.size());
        }
      } catch (OrtException e) {
        throw new IllegalStateException(
            where + ": ONNX Runtime run failed: " + firstLine(e.getMessage()), e);
      }
    }

    /** Frees the input tensors. Idempotent; never throws. */
    @Override
    public void close() {
      if (!preparedClosed) {
        preparedClosed = true;
        inputs.values().forEach(OnnxTensor::close);
      }
    }
  }

  private static Tensor copy(OnnxTensor t) {
    long[] shape = t.getInfo().getShape();
    switch (t.getInfo().type) {
      case FLOAT:
        {
          FloatBuffer b = t.getFloatBuffer();
          float[] a = new float[b.remaining()];
          b.get(a);
          return Tensor.ofFloats(a, shape);
        }
      case INT64:
        {
          LongBuffer b = t.getLongBuffer();
          long[] a = new long[b.remaining()];
          b.get(a);
          return Tensor.ofLongs(a, shape);
        }
      default:
        throw new IllegalStateException("unsupported output type " + t.getInfo().type);
    }
  }

  private void check() {
    if (closed) {
      throw new IllegalStateException("OrtRunner for " + where + " is closed");
    }
  }

  /** Closes the session, then its options. Idempotent; never throws. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      session.close();
    } catch (OrtException | RuntimeException e) {
      LOG.warn("closing session for {}: {}", where, e.getMessage());
    }
    try {
      options.close();
    } catch (RuntimeException e) {
      LOG.warn("closing session options for {}: {}", where, e.getMessage());
    }
  }
}
