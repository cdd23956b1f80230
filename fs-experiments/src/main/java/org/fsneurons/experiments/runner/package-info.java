/**
 * The run loop of {@code ./fs run} and one class per experiment kind ({@code ApproximationRunner},
 * {@code NeuronsRunner}, {@code AccuracyRunner}, {@code FitRunner}, {@code BenchRunner}), each
 * turning a resolved experiment into a {@link org.fsneurons.experiments.runner.Measurement} by
 * calling fs-core, fs-models or fs-fit directly (or skipping with its reason). {@link
 * org.fsneurons.experiments.runner.RunLoop} dispatches on the kind, checks expectations, writes the
 * results tables first and then hands each run to tracking. A new kind: add it to {@code
 * config.Kind} with its settings class, add its class here and one line to {@code RunLoop.runKind}.
 */
package org.fsneurons.experiments.runner;
