package org.fsneurons.experiments.config;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** The kinds of experiment; each has its own settings class and its own runner. */
public enum Kind {
  /** A coefficient set against a target function on a range or a distribution. */
  APPROXIMATION(ApproximationSpec::new),
  /** Neuron count of an architecture or an ONNX model. */
  NEURONS(NeuronsSpec::new),
  /** ANN and FS accuracy, neurons, spikes per neuron and FS input statistics on a dataset. */
  ACCURACY(AccuracySpec::new),
  /** Fitting a coefficient set to a target (fs-fit). */
  FIT(FitSpec::new),
  /** Performance of a layer or a model. */
  BENCH(BenchSpec::new);

  private final Supplier<ExperimentSpec> create;

  Kind(Supplier<ExperimentSpec> create) {
    this.create = create;
  }

  /** New empty settings of this kind, to bind onto. */
  ExperimentSpec newSpec() {
    return create.get();
  }

  /** Lower-case name as written in experiments.yaml. */
  @JsonValue
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The allowed names, comma-separated, in declaration order. */
  public static String allowed() {
    return Arrays.stream(values()).map(Kind::id).collect(Collectors.joining(", "));
  }
}
