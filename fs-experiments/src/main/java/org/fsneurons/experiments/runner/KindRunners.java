package org.fsneurons.experiments.runner;

import java.util.EnumMap;
import java.util.Map;
import org.fsneurons.experiments.config.Kind;
import org.fsneurons.experiments.runner.adapter.Adapters;

/** The runner of each kind. */
public final class KindRunners {
  private KindRunners() {}

  /** Approximation runs in process; the other kinds go through the given adapters. */
  public static Map<Kind, ExperimentKindRunner> standard(Adapters adapters) {
    Map<Kind, ExperimentKindRunner> m = new EnumMap<>(Kind.class);
    m.put(Kind.APPROXIMATION, new ApproximationRunner());
    m.put(Kind.NEURONS, new NeuronsRunner(adapters.neurons()));
    m.put(Kind.ACCURACY, new AccuracyRunner(adapters.accuracy()));
    m.put(Kind.FIT, new FitRunner(adapters.fit()));
    m.put(Kind.BENCH, new BenchRunner(adapters.bench()));
    return m;
  }
}
