package org.fsneurons.experiments.runner;

import org.fsneurons.experiments.config.ResolvedExperiment;

/**
 * Runs experiments of one kind. Throws {@link SkipException} when the experiment cannot run here (missing model,
 * data or adapter), {@link org.fsneurons.core.UserInputException} for a mistake in its settings; any other exception
 * marks the experiment failed. Writes artifacts only into {@link RunContext#artifactDir()} (or returns paths to copy).
 */
public interface ExperimentKindRunner {
  Measurement run(ResolvedExperiment e, RunContext ctx) throws SkipException;
}
