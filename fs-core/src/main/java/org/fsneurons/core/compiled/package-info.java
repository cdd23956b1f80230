/**
 * The compiled form of an FS neuron: its exact float32 input-output map as a piecewise-constant
 * function (sorted breakpoints, one output level and one spike count per piece), equal to the
 * reference dynamics for every float.
 */
package org.fsneurons.core.compiled;
