/**
 * Synaptic operations and energy of an FS network: how many synapses each spike drives (from the
 * graph), the ANN's multiply-accumulates for the same layers, and the energy ratio under declared
 * per-operation energies.
 */
package org.fsneurons.models.energy;
