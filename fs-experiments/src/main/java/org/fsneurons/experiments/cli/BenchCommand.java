package org.fsneurons.experiments.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.fsneurons.core.UserInputException;
import org.fsneurons.core.coeff.CoefficientSets;
import org.fsneurons.experiments.config.BenchSpec;
import org.fsneurons.experiments.config.Setting;
import org.fsneurons.models.bench.Bench;
import org.fsneurons.models.bench.BenchCsv;
import org.fsneurons.models.bench.LayerBench;
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

  /** The model-benchmark settings that {@code kind: bench} shares (batch, runs, seed, ...). */
  @Mixin BenchSpec bench;

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
    boolean layer = subject.layer != null;
    int runs =
        bench.runs != null ? bench.runs : layer ? BenchSpec.LAYER_RUNS : BenchSpec.MODEL_RUNS;
    Setting.RUNS.flag(runs);
    Setting.WARMUP.flag(bench.warmup);
    Setting.PROFILE_RUNS.flag(bench.profileRuns);
    Setting.BATCH.flag(bench.batch);
    runtime.check();
    Flags.output("--csv", csv, "--model", subject.model);
    if (layer) {
      checkLayerMemory(parseShape(subject.layer));
    }
    Path table = csv != null ? csv : Workspace.of(spec).results(null).resolve("bench.csv");
    Path reference =
        record ? Workspace.of(spec).results(null).resolve("reference").resolve("bench.csv") : null;
    BenchCsv.checkHeader(table);
    if (reference != null) {
      BenchCsv.checkHeader(reference);
    }
    Bench.Report<?> report = layer ? layer(runs) : model(runs);
    List<String> lines = new ArrayList<>(report.lines());
    PrintWriter out = spec.commandLine().getOut();
    try {
      report.append(table, reference, lines);
    } finally {
      lines.forEach(out::println);
      out.flush();
    }
    return 0;
  }

  private Bench.Report<?> layer(int runs) {
    for (String o :
        "--batch --input --map --include --exclude --body --profile-runs --fs-config".split(" ")) {
      if (spec.commandLine().getParseResult().hasMatchedOption(o)) {
        throw new UserInputException(
            o
                + " applies to --model/--arch only, not to --layer (which runs the Relu node "
                + "and every FS variant of --coeffs)");
      }
    }
    Bench.Layer layer = new Bench.Layer(parseShape(subject.layer), CoefficientSets.resolve(coeffs));
    Bench.Settings settings = settings(runs);
    try (Progress p = new Progress("bench layer")) {
      return Bench.layer(layer, settings, p);
    }
  }

  private Bench.Report<?> model(int runs) {
    if (spec.commandLine().getParseResult().hasMatchedOption("--coeffs")) {
      throw new UserInputException(
          "--coeffs applies to --layer only; use --map KIND=SET for --model/--arch");
    }
    Bench.Subject target =
        subject.arch != null
            ? Bench.Subject.arch(subject.arch, bench.input, bench.seed)
            : new Bench.Subject(
                ModelChoice.load(subject.model, bench.input),
                subject.model.toString(),
                subject.model.toString());
    checkModelMemory(target);
    Bench.Settings settings = settings(runs);
    SessionConfig fsCfg = runtime.fs(conversion.body());
    boolean nativeRuns =
        !fsCfg.customOpLibrary().isEmpty() || fsCfg.provider() == ExecutionProvider.CUDA;
    conversion.warnIfNoNative(nativeRuns, spec.commandLine().getErr(), "using");
    try (Progress p = new Progress("bench model")) {
      Bench.Model model =
          new Bench.Model(
              target,
              conversion.options(),
              conversion.body().id(),
              conversion.map,
              fsCfg,
              bench.batch,
              bench.profileRuns);
      return Bench.model(model, settings, p);
    }
  }

  /** The shared settings; refuses a --session-config/--fs-config entry that is not KEY=VALUE. */
  private Bench.Settings settings(int runs) {
    return new Bench.Settings(
        runtime.plain(),
        runtime.provider,
        Boolean.TRUE.equals(bench.allowSpinning),
        sessionConfig,
        fsConfig,
        bench.warmup,
        runs,
        bench.seed,
        "fs " + String.join(" ", spec.commandLine().getParseResult().originalArgs()));
  }

  /** The --layer shape: 1 to 8 positive integers separated by commas. */
  static long[] parseShape(String text) {
    String[] parts = text.trim().split(",");
    long[] s;
    try {
      s = Arrays.stream(parts).mapToLong(p -> Long.parseLong(p.trim())).toArray();
    } catch (NumberFormatException e) {
      s = new long[] {0};
    }
    if (Arrays.stream(s).anyMatch(d -> d < 1)) {
      throw new UserInputException(
          "--layer '"
              + text
              + "': expected positive integers separated by commas, e.g. 64,64,32,32");
    }
    if (parts.length > 8) {
      throw new UserInputException(
          "--layer '" + text + "': expected at most 8 dimensions, found " + parts.length);
    }
    return s;
  }

  /** Refuses a --layer shape whose tensors cannot fit in memory, saying how much it would need. */
  private static void checkLayerMemory(long[] shape) {
    double elements = Arrays.stream(shape).asDoubleStream().reduce(1, (a, b) -> a * b);
    double bytes = elements * 4 * LayerBench.TENSOR_COPIES;
    String value = Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(","));
    if (elements > Integer.MAX_VALUE - 8) {
      throw new UserInputException(
          "--layer "
              + value
              + ": expected at most 2^31 - 9 elements (a Java array), found "
              + String.format(Locale.ROOT, "%.3g", elements)
              + "; its tensors would need about "
              + Flags.gb(bytes)
              + " of memory");
    }
    Flags.heap("--layer", value, "the input and reference output", elements * 4 * 3);
    Flags.machine("--layer", value, "the benchmark's tensors", bytes);
  }

  /**
   * Refuses a model benchmark whose activations alone (ANN and FS version, one float per neuron and
   * image of the batch) cannot fit in the machine's memory, saying how much they would need.
   */
  private void checkModelMemory(Bench.Subject target) {
    long neurons;
    try {
      neurons = target.neurons(conversion.options());
    } catch (RuntimeException e) {
      return; // the benchmark itself reports what is wrong with the model or the mapping
    }
    String flag = subject.arch != null ? "--arch" : "--model";
    String value =
        (subject.arch != null
                ? subject.arch + (bench.input == null ? "" : " --input " + bench.input)
                : subject.model.toString())
            + " --batch "
            + bench.batch;
    Flags.machine(
        flag,
        value,
        "the activations of the ANN and its FS version (" + neurons + " neurons per image)",
        2.0 * 4 * neurons * bench.batch);
  }
}
