/**
 * The run loop of {@code ./fs run}: one {@link org.fsneurons.experiments.runner.ExperimentKindRunner} per kind turns a
 * resolved experiment into a {@link org.fsneurons.experiments.runner.Measurement} (or a skip with its reason); the
 * {@link org.fsneurons.experiments.runner.RunLoop} checks expectations, writes the results tables first and then hands
 * each run to tracking. Kinds that need models, datasets or fitting reach fs-models/fs-fit only through the adapter
 * interfaces of {@code runner.adapter}, so the loop knows nothing of their internals.
 */
package org.fsneurons.experiments.runner;
