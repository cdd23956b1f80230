/**
 * The seams between the run loop and the modules that load models, read datasets and fit coefficients. Each kind that
 * needs fs-models or fs-fit talks to one interface here; an implementation (in fs-experiments, built on fs-models /
 * fs-fit) is found with {@link java.util.ServiceLoader}: add the class and list it in
 * {@code META-INF/services/org.fsneurons.experiments.runner.adapter.<Interface>}. Until then the kind is reported
 * as skipped with the reason {@code not available yet: ...}.
 *
 * <p>Metric names are part of the contract: experiments.yaml's {@code expect:} refers to them.
 */
package org.fsneurons.experiments.runner.adapter;
