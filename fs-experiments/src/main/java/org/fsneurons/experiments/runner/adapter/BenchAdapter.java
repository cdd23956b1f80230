package org.fsneurons.experiments.runner.adapter;

import java.nio.file.Path;
import org.fsneurons.experiments.runner.Measurement;
import org.fsneurons.experiments.runner.RunContext;
import org.fsneurons.experiments.runner.SkipException;

/**
 * Times one FS layer or a whole model.
 *
 * <p>Metrics: {@code ms_per_batch}, {@code images_per_s} (or {@code elements_per_s} for a layer). Params:
 * {@code execution_provider}, {@code threads}, {@code batch}.
 */
public interface BenchAdapter {
  /** Resolved settings of {@code kind: bench}; exactly one of {@code layer}, {@code model}, {@code arch} is set. */
  record Request(String layer, Path model, String arch, Integer batch, String body) {}

  Measurement bench(Request request, RunContext ctx) throws SkipException;
}
