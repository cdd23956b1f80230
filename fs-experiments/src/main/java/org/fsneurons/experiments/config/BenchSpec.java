package org.fsneurons.experiments.config;

/** {@code kind: bench}: performance of one FS layer or of a whole model. */
public final class BenchSpec extends ExperimentSpec {
  /** A layer to time alone, e.g. {@code fs:swish:1x64x56x56}. */
  public String layer;

  /** An ONNX model file (relative to the YAML file; may use ${VAR}). */
  public String model;

  /** Built-in architecture name. */
  public String arch;

  public Integer batch;

  /** FS function body: native (default), dynamics or table. */
  public String body;

  /** Untimed rounds first (default 3). */
  public Integer warmup;

  /** Timed rounds (default 50). */
  public Integer runs;

  /** Seed of the input batch and the architecture's weights (default: the top-level seed). */
  public Long seed;

  @Override
  void check() {
    exactlyOne("give exactly one of 'layer', 'model' or 'arch'", layer, model, arch);
    Setting.BATCH.yaml(batch);
    Setting.WARMUP.yaml(warmup);
    Setting.RUNS.yaml(runs);
    checkBody(body);
  }
}
