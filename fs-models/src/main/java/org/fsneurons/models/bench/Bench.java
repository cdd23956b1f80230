package org.fsneurons.models.bench;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Collectors;
import org.fsneurons.core.UserInputException;
import org.fsneurons.core.coeff.CoefficientSet;
import org.fsneurons.models.arch.Architectures;
import org.fsneurons.models.convert.ConversionOptions;
import org.fsneurons.models.convert.Converter;
import org.fsneurons.models.instrument.NeuronTally;
import org.fsneurons.models.nativekernel.NativeFsKernel;
import org.fsneurons.models.onnx.OnnxModels;
import org.fsneurons.models.ort.ExecutionProvider;
import org.fsneurons.models.ort.SessionConfig;
import org.fsneurons.models.progress.ProgressListener;

/**
 * One benchmark as {@code ./fs bench} and {@code kind: bench} run it: the sessions' settings
 * (spinning off unless allowed, configuration entries), the machine and its load average before and
 * after, the measurement ({@link LayerBench} or {@link ModelBench}), and its report: the {@code
 * key: value} lines and the {@code results/bench.csv} row ({@link BenchCsv#COLUMNS}).
 */
public final class Bench {
  private Bench() {}

  /**
   * What every benchmark shares.
   *
   * @param session session settings of every session (the ANN's for a model): provider, threads,
   *     layout
   * @param provider the execution provider as asked for, printed as given ({@code cpu}, {@code
   *     auto}, ...)
   * @param allowSpinning leave ONNX Runtime's intra-op spinning on (else it is off in every
   *     session)
   * @param sessionConfig {@code KEY=VALUE} configuration entries of every session
   * @param fsConfig {@code KEY=VALUE} entries of the FS model's session only
   * @param command the command line, for the table's {@code command} column
   */
  public record Settings(
      SessionConfig session,
      String provider,
      boolean allowSpinning,
      List<String> sessionConfig,
      List<String> fsConfig,
      int warmup,
      int runs,
      long seed,
      String command) {
    /** Refuses an entry that is not {@code KEY=VALUE}. */
    public Settings {
      sessionConfig = List.copyOf(sessionConfig);
      fsConfig = List.copyOf(fsConfig);
      for (String e : sessionConfig) {
        entry(e);
      }
      for (String e : fsConfig) {
        entry(e);
      }
    }

    /** {@code base} with spinning off (unless allowed), then every entry and {@code extra}. */
    SessionConfig apply(SessionConfig base, List<String> extra) {
      SessionConfig c = allowSpinning ? base : base.withoutSpinning();
      List<String> all = new ArrayList<>(sessionConfig);
      all.addAll(extra);
      for (String e : all) {
        String[] kv = entry(e);
        c = c.withConfigEntry(kv[0], kv[1]);
      }
      return c;
    }

    private static String[] entry(String e) {
      int eq = e.indexOf('=');
      if (eq <= 0) {
        throw new UserInputException(
            "--session-config/--fs-config: expected KEY=VALUE, found '" + e + "'");
      }
      return new String[] {e.substring(0, eq).trim(), e.substring(eq + 1).trim()};
    }
  }

  /** One FS layer of this input shape and coefficient set against a Relu node. */
  public record Layer(long[] shape, CoefficientSet set) {
    public Layer {
      shape = shape.clone();
    }

    @Override
    public long[] shape() {
      return shape.clone();
    }
  }

  /**
   * The model a model benchmark runs.
   *
   * @param where names it in messages (a path or {@code arch:NAME})
   * @param label names it in the report and the table ({@code arch:NAME HxWxC} or the path)
   */
  public record Subject(ModelProto ann, String where, String label) {
    /** An architecture with seeded weights, of input size {@code HxWxC} (null: its own). */
    public static Subject arch(String name, String input, long seed) {
      ModelProto m =
          Architectures.build(name, input == null ? null : Architectures.parseInput(input), seed);
      String in = input == null ? Architectures.defaultInput(name) : input.trim();
      return new Subject(m, "arch:" + name, "arch:" + name + " " + in);
    }

    /** An ONNX file. */
    public static Subject file(Path model) {
      return new Subject(OnnxModels.load(model), model.toString(), model.toString());
    }

    /** FS neurons per image of the model converted with {@code options}. */
    public long neurons(ConversionOptions options) {
      return NeuronTally.of(Converter.convert(ann, options, where), where).total();
    }
  }

  /**
   * An ANN against its FS version.
   *
   * @param options the conversion (mapping, layers, body written)
   * @param body the body asked for ({@code auto}, {@code native}, {@code table}, {@code dynamics})
   * @param map the {@code KIND=SET} entries of the mapping as given (empty: the default map)
   * @param fsSession the FS model's session settings (with the native library when wanted), before
   *     {@link Settings} apply
   * @param batch batch size (the input's first dimension)
   * @param profileRuns profiled runs per model (0: no profile)
   */
  public record Model(
      Subject subject,
      ConversionOptions options,
      String body,
      List<String> map,
      SessionConfig fsSession,
      int batch,
      int profileRuns) {
    public Model {
      map = List.copyOf(map);
    }
  }

  /**
   * A benchmark's outcome.
   *
   * @param result the measurement
   * @param lines the report's lines, in order ({@code key: value}; the table's lines start with #)
   * @param row the {@code results/bench.csv} row, by column
   */
  public record Report<R>(R result, List<String> lines, Map<String, String> row) {
    public Report {
      lines = List.copyOf(lines);
      row = Collections.unmodifiableMap(new LinkedHashMap<>(row));
    }

    /**
     * Appends the row to {@code table}, then to {@code reference} unless it is null or the same
     * file, adding {@code csv: FILE} and {@code reference: FILE} to {@code written} as each is
     * written.
     */
    public void append(Path table, Path reference, List<String> written) {
      BenchCsv.append(table, row);
      written.add("csv: " + table);
      if (reference != null && !reference.toAbsolutePath().equals(table.toAbsolutePath())) {
        BenchCsv.append(reference, row);
        written.add("reference: " + reference);
      }
    }
  }

  /** Runs a layer benchmark. */
  public static Report<LayerBench.Result> layer(
      Layer layer, Settings s, ProgressListener progress) {
    SessionConfig session = s.apply(s.session(), List.of());
    Optional<Path> lib = NativeFsKernel.library();
    String reason = NativeFsKernel.unavailableReason();
    if (session.provider() == ExecutionProvider.CUDA) {
      lib = Optional.empty();
      reason = "CUDA session: the CPU kernel is not registered there, so FS nodes stay on the GPU";
    }
    long[] shape = layer.shape();
    CoefficientSet set = layer.set();
    String shapeText =
        Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(","));
    MachineInfo machine = MachineInfo.current();
    OptionalDouble load = MachineInfo.loadAverage();
    LayerBench.Result r =
        LayerBench.run(
            new LayerBench.Spec(shape, set, session, lib, reason, s.warmup(), s.runs(), s.seed()),
            progress);
    OptionalDouble loadEnd = MachineInfo.loadAverage();

    Map<String, String> row = common(s, machine, load, loadEnd, "layer");
    List<String> lines = new ArrayList<>();
    row.put("subject", shapeText);
    row.put("coeffs_or_body", set.name());
    lines.add("kind: layer");
    lines.add("shape: " + shapeText);
    lines.add("coeffs: " + set.name() + " (K=" + set.k() + ")");
    header(lines, s, machine, load);
    table(lines, r.timings());
    List<String> notes = new ArrayList<>();
    for (String v : LayerBench.VARIANTS) {
      Optional<Double> m = r.median(v);
      lines.add(
          v + "_ms: " + m.map(Bench::fixed).orElse("unavailable (" + r.unavailable().get(v) + ")"));
      row.put(v + "_ms", m.map(Bench::fixed).orElse("unavailable"));
    }
    if (!r.unavailable().isEmpty()) {
      notes.add("native unavailable: " + r.unavailable().values().iterator().next());
    }
    String nativeWhy = r.unavailable().get(LayerBench.FS_NATIVE);
    Optional<Double> fsNative = r.median(LayerBench.FS_NATIVE);
    ratio(lines, row, "native_over_relu", fsNative, r.median(LayerBench.RELU), nativeWhy);
    ratio(
        lines,
        row,
        "spikes_over_native",
        r.median(LayerBench.FS_NATIVE_SPIKES),
        fsNative,
        nativeWhy);
    lines.add("fs_kernel: " + (fsNative.isPresent() ? "native" : "unavailable"));
    row.put("fs_kernel", fsNative.isPresent() ? "native" : "");
    if (!Double.isNaN(r.spikesPerNeuron())) {
      lines.add("spikes_per_neuron: " + String.format(Locale.ROOT, "%.4f", r.spikesPerNeuron()));
    }
    List<String> bad =
        r.mismatches().entrySet().stream()
            .filter(e -> e.getValue() > 0)
            .map(e -> e.getKey() + " differs from fs_dynamics at " + e.getValue() + " elements")
            .toList();
    lines.add(
        "check: "
            + (bad.isEmpty()
                ? "ok (every FS variant's y equals the dynamics body's)"
                : String.join("; ", bad)));
    notes.addAll(bad);
    lines.add("load_avg_end: " + load(loadEnd));
    row.put("notes", String.join("; ", notes));
    return new Report<>(r, lines, row);
  }

  /** Runs a model benchmark. */
  public static Report<ModelBench.Result> model(
      Model model, Settings s, ProgressListener progress) {
    SessionConfig annCfg = s.apply(s.session(), List.of());
    SessionConfig fsCfg = s.apply(model.fsSession(), s.fsConfig());
    MachineInfo machine = MachineInfo.current();
    OptionalDouble load = MachineInfo.loadAverage();
    ModelBench.Result r =
        ModelBench.run(
            new ModelBench.Spec(
                model.subject().ann(),
                model.subject().where(),
                model.options(),
                annCfg,
                fsCfg,
                model.batch(),
                s.warmup(),
                s.runs(),
                model.profileRuns(),
                s.seed()),
            progress);
    OptionalDouble loadEnd = MachineInfo.loadAverage();
    double annMs = r.timings().median(ModelBench.ANN);
    double fsMs = r.timings().median(ModelBench.FS);
    String body =
        model.body().equals("auto")
            ? "auto (" + (fsCfg.customOpLibrary().isPresent() ? "native" : "dynamics") + ")"
            : model.body();
    String mapping = model.map().isEmpty() ? "default map" : "map " + String.join(" ", model.map());

    Map<String, String> row = common(s, machine, load, loadEnd, "model");
    List<String> lines = new ArrayList<>();
    row.put("subject", model.subject().label());
    row.put("coeffs_or_body", body + "; " + mapping);
    row.put("notes", "fs_layout " + r.fsLayout());
    lines.add("kind: model");
    lines.add("model: " + model.subject().label());
    lines.add("input: " + r.inputName() + " " + Arrays.toString(r.inputShape()));
    both(lines, row, "batch", Integer.toString(model.batch()));
    lines.add("body: " + body);
    lines.add("map: " + mapping);
    both(lines, row, "fs_kernel", r.fsKernel());
    lines.add("fs_layout: " + r.fsLayout());
    lines.add("fs_layers: " + r.fsLayers());
    lines.add("kept_layers: " + r.keptLayers());
    header(lines, s, machine, load);
    table(lines, r.timings());
    both(lines, row, "ann_ms", fixed(annMs));
    both(lines, row, "fs_ms", fixed(fsMs));
    both(lines, row, "fs_over_ann", fixed(fsMs / annMs));
    if (r.fsProfile() != null) {
      ProfileTrace.Summary f = r.fsProfile();
      ProfileTrace.Summary a = r.annProfile();
      both(lines, row, "fs_layers_share", fixed(f.fsShare()));
      both(lines, row, "fs_layers_ms", fixed(f.fsMillisPerRun()));
      lines.add("profile_runs: " + f.runs());
      lines.add(
          "fs_profile_nodes: "
              + f.nodeEvents() / Math.max(1, f.runs())
              + " per run ("
              + f.fsEvents() / Math.max(1, f.runs())
              + " FS), "
              + fixed(f.nodeMillisPerRun())
              + " ms node time per run");
      lines.add(
          "ann_profile_nodes: "
              + a.nodeEvents() / Math.max(1, a.runs())
              + " per run, "
              + fixed(a.nodeMillisPerRun())
              + " ms node time per run");
      lines.add("fs_ops: " + ops(f));
      lines.add("ann_ops: " + ops(a));
    } else {
      lines.add("fs_layers_share: not measured (--profile-runs 0)");
    }
    lines.add("load_avg_end: " + load(loadEnd));
    return new Report<>(r, lines, row);
  }

  // ---------------------------------------------------------------------------------------------------------

  private static Map<String, String> common(
      Settings s, MachineInfo m, OptionalDouble load, OptionalDouble loadEnd, String kind) {
    Map<String, String> row = new LinkedHashMap<>();
    row.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    row.put("host", m.host());
    row.put("cpu_model", m.cpuModel());
    row.put("cores", Integer.toString(m.cores()));
    row.put("load_avg", load(load));
    row.put("load_avg_end", load(loadEnd));
    row.put("java_version", m.javaVersion());
    row.put("ort_version", m.ortVersion());
    row.put("kind", kind);
    row.put("command", s.command());
    row.put("provider", s.provider());
    int threads = s.session().threads();
    row.put("threads", threads == 0 ? "default" : Integer.toString(threads));
    row.put("warmup", Integer.toString(s.warmup()));
    row.put("runs", Integer.toString(s.runs()));
    return row;
  }

  private static void header(List<String> lines, Settings s, MachineInfo m, OptionalDouble load) {
    int threads = s.session().threads();
    lines.add("runs: " + s.runs());
    lines.add("warmup: " + s.warmup());
    lines.add("provider: " + s.provider());
    lines.add("threads: " + (threads == 0 ? "default (one per core)" : threads));
    lines.add(
        "spinning: "
            + (s.allowSpinning()
                ? "on (ORT default)"
                : "off (" + SessionConfig.ALLOW_SPINNING + "=0)"));
    if (!s.sessionConfig().isEmpty() || !s.fsConfig().isEmpty()) {
      lines.add(
          "session_config: "
              + String.join(" ", s.sessionConfig())
              + (s.fsConfig().isEmpty() ? "" : " fs only: " + String.join(" ", s.fsConfig())));
    }
    lines.add(
        "machine: "
            + m.cpuModel()
            + ", "
            + m.cores()
            + " cores, Java "
            + m.javaVersion()
            + ", ONNX Runtime "
            + m.ortVersion());
    lines.add("load_avg: " + load(load));
  }

  /** A human table of every variant: median, min, 90th percentile; lines start with '#'. */
  private static void table(List<String> lines, Timings t) {
    lines.add(
        String.format(
            Locale.ROOT,
            "# %-18s %10s %10s %10s %6s",
            "variant",
            "median_ms",
            "min_ms",
            "p90_ms",
            "runs"));
    for (String v : t.names()) {
      lines.add(
          String.format(
              Locale.ROOT,
              "# %-18s %10.3f %10.3f %10.3f %6d",
              v,
              t.median(v),
              t.min(v),
              t.percentile(v, 90),
              t.runs(v).length));
    }
  }

  private static void ratio(
      List<String> lines,
      Map<String, String> row,
      String key,
      Optional<Double> num,
      Optional<Double> den,
      String why) {
    if (num.isPresent() && den.isPresent()) {
      both(lines, row, key, fixed(num.get() / den.get()));
    } else {
      lines.add(key + ": unavailable (" + why + ")");
      row.put(key, "unavailable");
    }
  }

  /** A {@code key: value} line, and the same value in the table's column {@code key}. */
  private static void both(List<String> lines, Map<String, String> row, String key, String value) {
    lines.add(key + ": " + value);
    row.put(key, value);
  }

  /** The eight slowest ops: ms per run x nodes per run. */
  private static String ops(ProfileTrace.Summary s) {
    int runs = Math.max(1, s.runs());
    return s.microsByOp().entrySet().stream()
            .limit(8)
            .map(
                e ->
                    e.getKey()
                        + "="
                        + String.format(Locale.ROOT, "%.2f", e.getValue() / 1000.0 / runs)
                        + "x"
                        + s.eventsByOp().get(e.getKey()) / runs)
            .collect(Collectors.joining(", "))
        + " (ms per run x nodes per run)";
  }

  /** Three decimals, for milliseconds and ratios. */
  static String fixed(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }

  private static String load(OptionalDouble v) {
    return v.isPresent() ? String.format(Locale.ROOT, "%.2f", v.getAsDouble()) : "unknown";
  }
}
