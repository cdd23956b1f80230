package org.fsneurons.experiments.config;

import java.util.LinkedHashMap;
import org.fsneurons.models.arch.Architectures;
import picocli.CommandLine.Option;

/**
 * {@code kind: bench}: performance of one FS layer or of a whole model. The settings with an
 * {@code @Option} are also {@code ./fs bench}'s options (a mixin of its command), so each is
 * declared once: its type, its flag and key (the flag's name in snake_case), its default (the
 * constants here) and its bounds ({@link Setting}, checked by both). {@code map} and {@code body}
 * are the command's conversion options ({@code --map KIND=SET}, {@code --body}).
 */
public final class BenchSpec extends ExperimentSpec {
  public static final int BATCH = 1;
  public static final int WARMUP = 3;

  /** Timed rounds of a model benchmark, whose medians move more than a layer's. */
  public static final int MODEL_RUNS = 50;

  /** Timed rounds of {@code ./fs bench --layer}. */
  public static final int LAYER_RUNS = 20;

  public static final int PROFILE_RUNS = 3;
  public static final long SEED = 1;

  /**
   * A layer to time alone, as {@code ./fs bench --layer} takes it: N,C,H,W, e.g. {@code
   * 1,64,56,56}.
   */
  public String layer;

  /** An ONNX model file (relative to the YAML file; may use ${VAR}). */
  public String model;

  /** Built-in architecture name. */
  public String arch;

  @Option(
      names = "--input",
      paramLabel = "HxWxC",
      description = "Input size for --arch (default: the architecture's).")
  public String input;

  /** Activation op type to coefficient set name or {@code keep}, e.g. {@code {Swish: keep}}. */
  public LinkedHashMap<String, String> map;

  /** FS function body: auto (default), native, dynamics or table. */
  public String body;

  @Option(
      names = "--batch",
      paramLabel = "B",
      defaultValue = "" + BATCH,
      description = "Batch size for --model/--arch (default ${DEFAULT-VALUE}).")
  public Integer batch;

  @Option(
      names = "--runs",
      paramLabel = "N",
      description =
          "Timed rounds (default "
              + LAYER_RUNS
              + " for --layer, "
              + MODEL_RUNS
              + " for --model/--arch, whose medians move more).")
  public Integer runs;

  @Option(
      names = "--warmup",
      paramLabel = "N",
      defaultValue = "" + WARMUP,
      description = "Untimed rounds first (default ${DEFAULT-VALUE}).")
  public Integer warmup;

  @Option(
      names = "--profile-runs",
      paramLabel = "N",
      defaultValue = "" + PROFILE_RUNS,
      description =
          "Profiled runs per model for fs_layers_share, after max(1, --warmup) runs that the sums "
              + "leave out (default ${DEFAULT-VALUE}; 0 skips the profile).")
  public Integer profileRuns;

  /** In experiments.yaml the default is the top-level seed. */
  @Option(
      names = "--seed",
      paramLabel = "S",
      defaultValue = "" + SEED,
      description =
          "Seed of the input data and the architecture's weights (default ${DEFAULT-VALUE}).")
  public Long seed;

  @Option(
      names = "--allow-spinning",
      description = "Leave ONNX Runtime's intra-op spinning on (its default).")
  public Boolean allowSpinning;

  @Override
  void check() {
    exactlyOne("give exactly one of 'layer', 'model' or 'arch'", layer, model, arch);
    Setting.BATCH.yaml(batch);
    Setting.WARMUP.yaml(warmup);
    Setting.RUNS.yaml(runs);
    Setting.PROFILE_RUNS.yaml(profileRuns);
    if (Integer.valueOf(0).equals(profileRuns)
        && expect != null
        && expect.containsKey("fs_layers_share")) {
      throw new IllegalArgumentException(
          "'expect' names fs_layers_share, which needs profile_runs >= 1 (found 0)");
    }
    checkMap(map);
    checkNow(body, "body", Body::parse);
    checkNow(arch, "arch", Architectures::defaultInput);
    if (input != null && arch == null) {
      throw new IllegalArgumentException(
          "'input' goes with 'arch'; an ONNX model declares its own input");
    }
    checkNow(input, "input", Architectures::parseInput);
  }
}
