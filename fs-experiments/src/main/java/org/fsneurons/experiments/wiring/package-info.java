/**
 * Implementations of the run loop's adapters on fs-models (neurons, accuracy), registered with
 * {@link java.util.ServiceLoader} under META-INF/services.
 */
package org.fsneurons.experiments.wiring;
