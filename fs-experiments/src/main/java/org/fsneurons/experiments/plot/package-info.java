/** PNG plots (XChart): FS function over its target, accuracy against spikes. */
package org.fsneurons.experiments.plot;
