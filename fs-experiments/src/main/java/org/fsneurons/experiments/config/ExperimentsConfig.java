package org.fsneurons.experiments.config;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A validated experiments.yaml: the MLflow experiment name, the top-level seed, the experiments
 * (defaults applied) and their expectations. {@code file} is where it was read from (relative paths
 * in it resolve against its folder).
 */
public record ExperimentsConfig(
    Path file,
    String mlflowExperiment,
    long seed,
    List<ExperimentSpec> experiments,
    Map<String, List<Expectation>> expectations) {

  public ExperimentsConfig {
    experiments = List.copyOf(experiments);
    expectations = Map.copyOf(expectations);
  }

  /** The folder against which relative paths in the file resolve. */
  public Path baseDir() {
    Path parent = file.toAbsolutePath().getParent();
    return parent == null ? Path.of("").toAbsolutePath() : parent;
  }

  /** The expectations of one experiment (empty if none). */
  public List<Expectation> expectationsOf(String name) {
    return expectations.getOrDefault(name, List.of());
  }

  /** All experiment names, in file order. */
  public List<String> names() {
    return experiments.stream().map(e -> e.name).toList();
  }

  /** All tags used, in order of first use. */
  public Set<String> tags() {
    return experiments.stream()
        .flatMap(e -> e.tags == null ? Stream.empty() : e.tags.stream())
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }
}
