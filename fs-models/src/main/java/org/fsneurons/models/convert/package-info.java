/**
 * Conversion of a trained network's activations into FS neurons: finding activations (single ops
 * and the swish and erf-GELU patterns), choosing a coefficient set per activation, writing FSNeuron
 * nodes with their function bodies, and the conversion report.
 */
package org.fsneurons.models.convert;
