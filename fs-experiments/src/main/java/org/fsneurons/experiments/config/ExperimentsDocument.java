package org.fsneurons.experiments.config;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.util.List;

/** The whole experiments.yaml as bound (before validation); see {@link ExperimentsFile}. */
@JsonPropertyOrder({"mlflow_experiment", "seed", "defaults", "experiments"})
public final class ExperimentsDocument {
  /** MLflow experiment that receives one run per experiment (default {@code fsneurons}). */
  public String mlflowExperiment;
  /** Seed of every random choice that an experiment does not seed itself (default 1). */
  public Long seed;
  /** Per-kind default settings. */
  public DefaultsSpec defaults;
  /** The experiments; each element is bound to the settings class of its {@code kind}. */
  @JsonDeserialize(using = ExperimentListDeserializer.class)
  public List<ExperimentSpec> experiments;
}
