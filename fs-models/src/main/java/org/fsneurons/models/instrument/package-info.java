/**
 * Instrumentation of converted models: per FS layer and image, neurons, spikes and the mean and
 * standard deviation of the layer's input, read out as extra graph outputs (the model's own outputs
 * are unchanged).
 */
package org.fsneurons.models.instrument;
