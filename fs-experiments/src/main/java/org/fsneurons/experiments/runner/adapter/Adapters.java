package org.fsneurons.experiments.runner.adapter;

import java.util.ServiceLoader;

/** The adapters available to the run loop; a null adapter makes its kind skip with "not available yet". */
public record Adapters(NeuronsAdapter neurons, AccuracyAdapter accuracy, FitAdapter fit, BenchAdapter bench) {

  /** No adapters (approximation experiments run; the other kinds skip). */
  public static Adapters none() {
    return new Adapters(null, null, null, null);
  }

  /** The first implementation of each interface registered with {@link ServiceLoader}. */
  public static Adapters discover() {
    // TODO(fs-models, fs-fit): register implementations under META-INF/services to wire the kinds in
    return new Adapters(first(NeuronsAdapter.class), first(AccuracyAdapter.class), first(FitAdapter.class),
        first(BenchAdapter.class));
  }

  private static <T> T first(Class<T> type) {
    return ServiceLoader.load(type).findFirst().orElse(null);
  }
}
