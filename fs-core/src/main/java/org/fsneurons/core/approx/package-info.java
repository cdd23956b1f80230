/**
 * Measuring how well an FS neuron approximates its target: MSE, maximum error and spikes on a point
 * set.
 */
package org.fsneurons.core.approx;
