package org.fsneurons.core.approx;

/**
 * Approximation quality of an FS neuron on a point set: mean squared error and maximum absolute
 * error against the target (computed in double from the float32 FS output), mean spikes per input,
 * number of points.
 */
public record ApproxStats(double mse, double maxAbsError, double meanSpikes, int points) {}
