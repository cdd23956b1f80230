package org.fsneurons.fit;

import org.fsneurons.core.approx.ApproxStats;
import org.fsneurons.core.coeff.CoefficientSet;

/**
 * The fitted set (with provenance) and how it was found.
 *
 * @param set the coefficients, with provenance
 * @param stats MSE, max error and mean spikes on the weighting's measurement points (as {@code ./fs
 *     approx})
 * @param objective exact training objective (weighted MSE + spike weight · mean spikes) of the
 *     chosen parameters
 * @param restartsCompleted restarts that ran to their end
 * @param restartsPlanned restarts requested
 * @param seconds wall-clock seconds of the fit
 * @param timeLimitHit whether the time limit cut the search short (the result then depends on
 *     timing)
 */
public record FitResult(
    CoefficientSet set,
    ApproxStats stats,
    double objective,
    int restartsCompleted,
    int restartsPlanned,
    double seconds,
    boolean timeLimitHit) {}
