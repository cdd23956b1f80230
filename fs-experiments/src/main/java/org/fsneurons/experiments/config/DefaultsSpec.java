package org.fsneurons.experiments.config;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code defaults:}: per kind, settings applied to every experiment of that kind that does not set them itself
 * (the experiment's value replaces the default; lists and maps are replaced, not merged).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class DefaultsSpec {
  public ApproximationSpec approximation;
  public NeuronsSpec neurons;
  public AccuracySpec accuracy;
  public FitSpec fit;
  public BenchSpec bench;

  /** The defaults of one kind, or null. */
  public ExperimentSpec of(Kind kind) {
    return switch (kind) {
      case APPROXIMATION -> approximation;
      case NEURONS -> neurons;
      case ACCURACY -> accuracy;
      case FIT -> fit;
      case BENCH -> bench;
    };
  }
}
