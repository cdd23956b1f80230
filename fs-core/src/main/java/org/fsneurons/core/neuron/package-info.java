/**
 * The FS neuron as data ({@link org.fsneurons.core.neuron.FsParams}) plus pure functions ({@link
 * org.fsneurons.core.neuron.FsNeuron}).
 */
package org.fsneurons.core.neuron;
