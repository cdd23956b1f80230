/**
 * Evaluation: ANN and FS networks in one pass over a dataset (top-1/top-5, neurons, spikes, input
 * statistics), its CSV reports, and sweeps of calibrated FS-ReLU over K and the calibration
 * statistic.
 */
package org.fsneurons.models.eval;
