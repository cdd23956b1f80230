package org.fsneurons.experiments.cli;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.fsneurons.core.UserInputException;
import org.fsneurons.core.coeff.CoefficientSet;
import org.fsneurons.core.coeff.CoefficientSets;
import org.fsneurons.experiments.config.Body;
import org.fsneurons.experiments.config.Setting;
import org.fsneurons.models.arch.Architectures;
import org.fsneurons.models.bench.BenchCsv;
import org.fsneurons.models.bench.LayerBench;
import org.fsneurons.models.bench.MachineInfo;
import org.fsneurons.models.bench.ModelBench;
import org.fsneurons.models.bench.ProfileTrace;
import org.fsneurons.models.bench.Timings;
import org.fsneurons.models.convert.Converter;
import org.fsneurons.models.instrument.NeuronTally;
import org.fsneurons.models.nativekernel.NativeFsKernel;
import org.fsneurons.models.ort.ExecutionProvider;
import org.fsneurons.models.ort.SessionConfig;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./fs bench}: FS inference speed against the ANN, measured in one process, interleaved. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Benchmark FS inference against the ANN (one layer vs Relu, or a whole model).",
      "All variants run in one process, interleaved (each round runs every variant once), --warmup untimed rounds, --runs timed rounds, medians. Every session has",
      "session.intra_op.allow_spinning=0 unless --allow-spinning (spinning threads of idle sessions steal the cores",
      "of the running one). Appends a row to results/bench.csv (machine, date, versions, load average; not tracked",
      "by git); --record also appends it to the committed reference table results/reference/bench.csv.",
      "--layer N,C,H,W: a Relu node vs one FS node (native kernel, native with the spike total, table and dynamics",
      "  bodies) on normal(0, 1.5) input; prints relu_ms, fs_native_ms, fs_native_spikes_ms, fs_table_ms,",
      "  fs_dynamics_ms, native_over_relu, spikes_over_native.",
      "--model M.onnx | --arch NAME: the ANN vs its FS version (--map, --body) on a seeded normal(0, 1) batch;",
      "  prints ann_ms, fs_ms, fs_over_ann, and fs_layers_share, the FS nodes' share of the FS model's node time",
      "  from ONNX Runtime's profiler on --profile-runs extra runs (FSNeuron nodes, or the nodes ORT inlined from",
      "  FSNeuron function bodies, named _inlfunc_FSNeuron_*), and per-op times of both models."
    })
public final class BenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Subject subject;

  static final class Subject {
    @Option(
        names = "--layer",
        paramLabel = "N,C,H,W",
        description = "Benchmark one FS layer of this shape vs Relu.")
    String layer;

    @Option(
        names = "--model",
        paramLabel = "M.onnx",
        description = "Benchmark this ONNX model vs its FS version.")
    Path model;

    @Option(
        names = "--arch",
        paramLabel = "NAME",
        description =
            "Benchmark an architecture (seeded weights) vs its FS version: resnetN-cifar, "
                + "resnet18|34|50|101|152-imagenet, efficientnet-b0..b7.")
    String arch;
  }

  @Option(
      names = "--coeffs",
      paramLabel = "NAME|FILE",
      defaultValue = "relu",
      description =
          "Coefficient set for --layer: a bundled name or a JSON file (default ${DEFAULT-VALUE}).")
  String coeffs;

  @Option(
      names = "--input",
      paramLabel = "HxWxC",
      description = "Input size for --arch (default: the architecture's).")
  String input;

  @Option(
      names = "--batch",
      paramLabel = "B",
      defaultValue = "1",
      description = "Batch size for --model/--arch (default ${DEFAULT-VALUE}).")
  int batch;

  @Option(
      names = "--runs",
      paramLabel = "N",
      description =
          "Timed rounds (default 20 for --layer, 50 for --model/--arch, whose medians move more).")
  Integer runsOption;

  int runs;

  @Option(
      names = "--warmup",
      paramLabel = "N",
      defaultValue = "3",
      description = "Untimed rounds first (default ${DEFAULT-VALUE}).")
  int warmup;

  @Option(
      names = "--profile-runs",
      paramLabel = "N",
      defaultValue = "3",
      description =
          "Profiled runs per model for fs_layers_share, after max(1, --warmup) runs that the sums "
              + "leave out (default ${DEFAULT-VALUE}; 0 skips the profile).")
  int profileRuns;

  @Option(
      names = "--seed",
      paramLabel = "S",
      defaultValue = "1",
      description =
          "Seed of the input data and the architecture's weights (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--allow-spinning",
      description = "Leave ONNX Runtime's intra-op spinning on (its default).")
  boolean allowSpinning;

  @Option(
      names = "--session-config",
      paramLabel = "KEY=VALUE",
      description = "ONNX Runtime session configuration entry for every session (repeatable).")
  List<String> sessionConfig = new ArrayList<>();

  @Option(
      names = "--fs-config",
      paramLabel = "KEY=VALUE",
      description =
          "Session configuration entry for the FS sessions only (repeatable), e.g. "
              + "optimization.disable_specified_optimizers=NchwcTransformer.")
  List<String> fsConfig = new ArrayList<>();

  @Option(
      names = "--csv",
      paramLabel = "FILE.csv",
      description =
          "Results table to append to (default: $FS_HOME/results/bench.csv, not tracked by git).")
  Path csv;

  @Option(
      names = "--record",
      description =
          "Also append the row to the committed reference table results/reference/bench.csv.")
  boolean record;

  @Mixin ConversionArgs conversion;

  @Mixin RuntimeArgs runtime;

  @Override
  public Integer call() {
    runs = runsOption != null ? runsOption : subject.layer != null ? 20 : 50;
    Setting.RUNS.flag(runs);
    Setting.WARMUP.flag(warmup);
    requireCount("--profile-runs", profileRuns, true);
    Setting.BATCH.flag(batch);
    runtime.check();
    if (csv != null) {
      Flags.outputFile("--csv", csv);
      Flags.distinct("--csv", csv, "--model", subject.model);
    }
    if (subject.layer != null) {
      checkLayerMemory(parseShape(subject.layer));
    }
    Path table = csv != null ? csv : Home.resultsDir(null).resolve("bench.csv");
    Path reference =
        record ? Home.resultsDir(null).resolve("reference").resolve("bench.csv") : null;
    BenchCsv.checkHeader(table);
    if (reference != null) {
      BenchCsv.checkHeader(reference);
    }
    Map<String, String> row = new LinkedHashMap<>();
    List<String> lines = new ArrayList<>();
    if (subject.layer != null) {
      layer(row, lines);
    } else {
      model(row, lines);
    }
    PrintWriter out = spec.commandLine().getOut();
    try {
      BenchCsv.append(table, row);
      lines.add("csv: " + table);
      if (reference != null && !reference.toAbsolutePath().equals(table.toAbsolutePath())) {
        BenchCsv.append(reference, row);
        lines.add("reference: " + reference);
      }
    } finally {
      lines.forEach(out::println);
      out.flush();
    }
    return 0;
  }

  // ---------------------------------------------------------------------------------------------------------

  private void layer(Map<String, String> row, List<String> lines) {
    rejectForLayer(
        List.of(
            "--batch",
            "--input",
            "--map",
            "--include",
            "--exclude",
            "--body",
            "--profile-runs",
            "--fs-config"));
    long[] shape = parseShape(subject.layer);
    CoefficientSet set = CoefficientSets.resolve(coeffs);
    SessionConfig session = session(runtime.plain(), List.of());
    Optional<Path> lib = NativeFsKernel.library();
    String reason = NativeFsKernel.unavailableReason();
    if (session.provider() == ExecutionProvider.CUDA) {
      lib = Optional.empty();
      reason = "CUDA session: the CPU kernel is not registered there, so FS nodes stay on the GPU";
    }
    String shapeText =
        Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(","));
    MachineInfo machine = MachineInfo.current();
    OptionalDouble load = MachineInfo.loadAverage();
    LayerBench.Result r;
    try (Progress p = new Progress("bench layer")) {
      r =
          LayerBench.run(
              new LayerBench.Spec(shape, set, session, lib, reason, warmup, runs, seed), p);
    }
    OptionalDouble loadEnd = MachineInfo.loadAverage();

    common(row, machine, load, loadEnd, "layer");
    row.put("subject", shapeText);
    row.put("coeffs_or_body", set.name());
    lines.add("kind: layer");
    lines.add("shape: " + shapeText);
    lines.add("coeffs: " + set.name() + " (K=" + set.k() + ")");
    header(lines, machine, load);
    table(lines, r.timings());
    String[] keys = {
      "relu_ms", "fs_native_ms", "fs_native_spikes_ms", "fs_table_ms", "fs_dynamics_ms"
    };
    List<String> notes = new ArrayList<>();
    for (int i = 0; i < LayerBench.VARIANTS.size(); i++) {
      String v = LayerBench.VARIANTS.get(i);
      Optional<Double> m = r.median(v);
      String text =
          m.map(BenchCommand::fixed).orElse("unavailable (" + r.unavailable().get(v) + ")");
      lines.add(keys[i] + ": " + text);
      row.put(keys[i], m.map(BenchCommand::fixed).orElse("unavailable"));
    }
    if (!r.unavailable().isEmpty()) {
      notes.add("native unavailable: " + r.unavailable().values().iterator().next());
    }
    ratio(
        lines,
        row,
        "native_over_relu",
        r.median(LayerBench.FS_NATIVE),
        r.median(LayerBench.RELU),
        r.unavailable().get(LayerBench.FS_NATIVE));
    ratio(
        lines,
        row,
        "spikes_over_native",
        r.median(LayerBench.FS_NATIVE_SPIKES),
        r.median(LayerBench.FS_NATIVE),
        r.unavailable().get(LayerBench.FS_NATIVE));
    lines.add(
        "fs_kernel: " + (r.median(LayerBench.FS_NATIVE).isPresent() ? "native" : "unavailable"));
    row.put("fs_kernel", r.median(LayerBench.FS_NATIVE).isPresent() ? "native" : "");
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
  }

  private void model(Map<String, String> row, List<String> lines) {
    if (spec.commandLine().getParseResult().hasMatchedOption("--coeffs")) {
      throw new UserInputException(
          "--coeffs applies to --layer only; use --map KIND=SET for --model/--arch");
    }
    ModelProto ann;
    String where;
    String subjectText;
    if (subject.arch != null) {
      ann = Architectures.build(subject.arch, ModelChoice.archInput(input), seed);
      String in = input == null ? Architectures.defaultInput(subject.arch) : input.trim();
      where = "arch:" + subject.arch;
      subjectText = "arch:" + subject.arch + " " + in;
    } else {
      ann = ModelChoice.load(subject.model, input);
      where = subject.model.toString();
      subjectText = subject.model.toString();
    }
    checkModelMemory(ann, where);
    SessionConfig annCfg = session(runtime.plain(), List.of());
    SessionConfig fsCfg = session(runtime.fs(conversion.body()), fsConfig);
    if (conversion.nativeBody()
        && fsCfg.customOpLibrary().isEmpty()
        && annCfg.provider() != ExecutionProvider.CUDA) {
      spec.commandLine()
          .getErr()
          .println(
              "fs: --body native: native kernel unavailable ("
                  + NativeFsKernel.unavailableReason()
                  + "); using the function body");
    }
    MachineInfo machine = MachineInfo.current();
    OptionalDouble load = MachineInfo.loadAverage();
    ModelBench.Result r;
    try (Progress p = new Progress("bench model")) {
      r =
          ModelBench.run(
              new ModelBench.Spec(
                  ann,
                  where,
                  conversion.options(),
                  annCfg,
                  fsCfg,
                  batch,
                  warmup,
                  runs,
                  profileRuns,
                  seed),
              p);
    }
    OptionalDouble loadEnd = MachineInfo.loadAverage();
    double annMs = r.timings().median(ModelBench.ANN);
    double fsMs = r.timings().median(ModelBench.FS);
    String body =
        conversion.body() == Body.AUTO
            ? "auto (" + (fsCfg.customOpLibrary().isPresent() ? "native" : "dynamics") + ")"
            : conversion.body().id();
    String mapping =
        conversion.map.isEmpty() ? "default map" : "map " + String.join(" ", conversion.map);

    common(row, machine, load, loadEnd, "model");
    row.put("subject", subjectText);
    row.put("coeffs_or_body", body + "; " + mapping);
    row.put("batch", Integer.toString(batch));
    row.put("fs_kernel", r.fsKernel());
    row.put("ann_ms", fixed(annMs));
    row.put("fs_ms", fixed(fsMs));
    row.put("fs_over_ann", fixed(fsMs / annMs));
    lines.add("kind: model");
    lines.add("model: " + subjectText);
    lines.add("input: " + r.inputName() + " " + Arrays.toString(r.inputShape()));
    lines.add("batch: " + batch);
    lines.add("body: " + body);
    lines.add("map: " + mapping);
    lines.add("fs_kernel: " + r.fsKernel());
    lines.add("fs_layout: " + r.fsLayout());
    row.put("notes", "fs_layout " + r.fsLayout());
    lines.add("fs_layers: " + r.fsLayers());
    lines.add("kept_layers: " + r.keptLayers());
    header(lines, machine, load);
    table(lines, r.timings());
    lines.add("ann_ms: " + fixed(annMs));
    lines.add("fs_ms: " + fixed(fsMs));
    lines.add("fs_over_ann: " + fixed(fsMs / annMs));
    if (r.fsProfile() != null) {
      ProfileTrace.Summary f = r.fsProfile();
      ProfileTrace.Summary a = r.annProfile();
      row.put("fs_layers_share", fixed(f.fsShare()));
      row.put("fs_layers_ms", fixed(f.fsMillisPerRun()));
      lines.add("fs_layers_share: " + fixed(f.fsShare()));
      lines.add("fs_layers_ms: " + fixed(f.fsMillisPerRun()));
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
  }

  // ---------------------------------------------------------------------------------------------------------

  /** Rejects model-only options given with --layer. */
  private void rejectForLayer(List<String> options) {
    for (String o : options) {
      if (spec.commandLine().getParseResult().hasMatchedOption(o)) {
        throw new UserInputException(
            o
                + " applies to --model/--arch only, not to --layer (which runs the Relu node "
                + "and every FS variant of --coeffs)");
      }
    }
  }

  /**
   * The base settings plus spinning off (unless --allow-spinning), --session-config and the given
   * entries.
   */
  private SessionConfig session(SessionConfig base, List<String> extra) {
    SessionConfig c = allowSpinning ? base : base.withoutSpinning();
    List<String> all = new ArrayList<>(sessionConfig);
    all.addAll(extra);
    for (String e : all) {
      int eq = e.indexOf('=');
      if (eq <= 0) {
        throw new UserInputException(
            "--session-config/--fs-config: expected KEY=VALUE, found '" + e + "'");
      }
      c = c.withConfigEntry(e.substring(0, eq).trim(), e.substring(eq + 1).trim());
    }
    return c;
  }

  private void common(
      Map<String, String> row,
      MachineInfo m,
      OptionalDouble load,
      OptionalDouble loadEnd,
      String kind) {
    row.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    row.put("host", m.host());
    row.put("cpu_model", m.cpuModel());
    row.put("cores", Integer.toString(m.cores()));
    row.put("load_avg", load(load));
    row.put("load_avg_end", load(loadEnd));
    row.put("java_version", m.javaVersion());
    row.put("ort_version", m.ortVersion());
    row.put("kind", kind);
    row.put(
        "command", "fs " + String.join(" ", spec.commandLine().getParseResult().originalArgs()));
    row.put("provider", runtime.provider);
    row.put("threads", runtime.threads == 0 ? "default" : Integer.toString(runtime.threads));
    row.put("warmup", Integer.toString(warmup));
    row.put("runs", Integer.toString(runs));
  }

  private void header(List<String> lines, MachineInfo m, OptionalDouble load) {
    lines.add("runs: " + runs);
    lines.add("warmup: " + warmup);
    lines.add("provider: " + runtime.provider);
    lines.add("threads: " + (runtime.threads == 0 ? "default (one per core)" : runtime.threads));
    lines.add(
        "spinning: "
            + (allowSpinning
                ? "on (ORT default)"
                : "off (" + SessionConfig.ALLOW_SPINNING + "=0)"));
    if (!sessionConfig.isEmpty() || !fsConfig.isEmpty()) {
      lines.add(
          "session_config: "
              + String.join(" ", sessionConfig)
              + (fsConfig.isEmpty() ? "" : " fs only: " + String.join(" ", fsConfig)));
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
      lines.add(key + ": " + fixed(num.get() / den.get()));
      row.put(key, fixed(num.get() / den.get()));
    } else {
      lines.add(key + ": unavailable (" + why + ")");
      row.put(key, "unavailable");
    }
  }

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

  static long[] parseShape(String text) {
    String[] parts = text.trim().split(",");
    long[] s = new long[parts.length];
    try {
      for (int i = 0; i < parts.length; i++) {
        s[i] = Long.parseLong(parts[i].trim());
        if (s[i] < 1) {
          throw new NumberFormatException();
        }
      }
    } catch (NumberFormatException e) {
      throw new UserInputException(
          "--layer '"
              + text
              + "': expected positive integers separated by commas, "
              + "e.g. 64,64,32,32");
    }
    if (parts.length > 8) {
      throw new UserInputException(
          "--layer '" + text + "': expected at most 8 dimensions, found " + parts.length);
    }
    return s;
  }

  /**
   * Tensors a layer benchmark holds at once, in units of the input's size: the input and the
   * reference output in Java, and in ONNX Runtime each variant's input and outputs (plus the
   * dynamics body's intermediate tensors).
   */
  static final int LAYER_TENSOR_COPIES = 16;

  /** Refuses a --layer shape whose tensors cannot fit in memory, saying how much it would need. */
  private static void checkLayerMemory(long[] shape) {
    double elements = 1;
    for (long d : shape) {
      elements *= d;
    }
    String value = Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(","));
    if (elements > Integer.MAX_VALUE - 8) {
      throw new UserInputException(
          "--layer "
              + value
              + ": expected at most 2^31 - 9 elements (a Java array), found "
              + String.format(Locale.ROOT, "%.3g", elements)
              + "; its tensors would need about "
              + Flags.gb(elements * 4 * LAYER_TENSOR_COPIES)
              + " of memory");
    }
    Flags.heap("--layer", value, "the input and reference output", elements * 4 * 3);
    Flags.machine("--layer", value, "the benchmark's tensors", elements * 4 * LAYER_TENSOR_COPIES);
  }

  /**
   * Refuses a model benchmark whose activations alone (ANN and FS version, one float per neuron and
   * image of the batch) cannot fit in the machine's memory, saying how much they would need.
   */
  private void checkModelMemory(ModelProto ann, String where) {
    long neurons;
    try {
      neurons = NeuronTally.of(Converter.convert(ann, conversion.options(), where), where).total();
    } catch (RuntimeException e) {
      return; // the benchmark itself reports what is wrong with the model or the mapping
    }
    String flag = subject.arch != null ? "--arch" : "--model";
    String value =
        (subject.arch != null
                ? subject.arch + (input == null ? "" : " --input " + input)
                : subject.model.toString())
            + " --batch "
            + batch;
    Flags.machine(
        flag,
        value,
        "the activations of the ANN and its FS version (" + neurons + " neurons per image)",
        2.0 * 4 * neurons * batch);
  }

  /** Rejects a count below 1 (below 0 where {@code zeroAllowed}), naming the flag. */
  private static void requireCount(String flag, int value, boolean zeroAllowed) {
    if (value < (zeroAllowed ? 0 : 1)) {
      throw new UserInputException(
          flag
              + ": expected a "
              + (zeroAllowed ? "non-negative" : "positive")
              + " number, found "
              + value);
    }
  }

  /** Three decimals, for milliseconds and ratios. */
  private static String fixed(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }

  private static String load(OptionalDouble v) {
    return v.isPresent() ? String.format(Locale.ROOT, "%.2f", v.getAsDouble()) : "unknown";
  }
}
