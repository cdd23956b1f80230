/**
 * Benchmarks of FS inference: {@link Bench} is what {@code ./fs bench} and {@code kind: bench} call
 * (requests, then a report of {@code key: value} lines and the table row); variants run interleaved
 * in one process ({@link Interleaved}), medians ({@link Timings}); one FS layer against a Relu node
 * ({@link LayerBench}); an ANN against its FS version ({@link ModelBench}) with the FS layers'
 * share of time from ONNX Runtime's profiler ({@link ProfileTrace}); the machine's description
 * ({@link MachineInfo}) and the results table {@code results/bench.csv} ({@link BenchCsv}).
 * Benchmarks write results; no unit test asserts a time.
 */
package org.fsneurons.models.bench;
