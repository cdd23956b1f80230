/**
 * fsneurons core: the few-spikes (FS) neuron, its coefficient sets and their file format, the
 * compiled piecewise form, and the FS operator's ONNX definition. This module does not depend on
 * ONNX Runtime.
 */
package org.fsneurons.core;
