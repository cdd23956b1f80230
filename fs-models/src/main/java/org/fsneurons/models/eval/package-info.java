/**
 * Evaluation: ANN and FS networks in one pass over a dataset (top-1/top-5, neurons, spikes, input
 * statistics).
 */
package org.fsneurons.models.eval;
