package org.fsneurons.fit;

/**
 * Progress of a fit: {@code done} of {@code total} work units (restarts, then polishing passes) are
 * finished; the best exact objective, weighted MSE and mean spikes so far (on the training points)
 * and the seconds since the start.
 */
public record FitProgress(
    String phase,
    int done,
    int total,
    double bestObjective,
    double bestMse,
    double bestSpikes,
    double seconds) {}
