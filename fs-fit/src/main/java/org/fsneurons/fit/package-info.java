/**
 * Fitting FS coefficients (h, T, d) to a target activation: backpropagation through the K steps
 * with the official pseudo-derivative ({@link org.fsneurons.fit.Surrogate}), Adam, many seeded
 * restarts in parallel, then a derivative-free polish on the exact float32 loss. Entry point:
 * {@link org.fsneurons.fit.FsFitter#fit}. Progress goes out through {@link
 * org.fsneurons.fit.FitListener}; this package never prints.
 */
package org.fsneurons.fit;
