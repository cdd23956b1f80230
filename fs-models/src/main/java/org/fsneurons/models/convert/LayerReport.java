package org.fsneurons.models.convert;

/**
 * One activation in a conversion report.
 *
 * @param name activation (node) name
 * @param kind activation kind
 * @param replaced whether it became an FSNeuron node
 * @param coefficientSet set name (empty when kept)
 * @param k time steps (0 when kept)
 * @param shape the activation tensor's shape as text, e.g. "N×16×28×28" ("?" when unknown)
 * @param note why it was kept, or extra facts (e.g. a calibrated alpha)
 */
public record LayerReport(
    String name,
    ActivationKind kind,
    boolean replaced,
    String coefficientSet,
    int k,
    String shape,
    String note) {}
