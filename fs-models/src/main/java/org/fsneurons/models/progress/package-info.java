/**
 * Progress of long loops (evaluation, calibration, benchmarks) as a listener the CLI renders;
 * shared by the eval, convert and bench packages, so it belongs to none of them.
 */
package org.fsneurons.models.progress;
