package org.fsneurons.experiments.results;

/**
 * Which run of which experiment a result belongs to; the same on each of its rows.
 *
 * @param timestamp start of the {@code ./fs run} (ISO-8601, UTC)
 * @param source where the expected numbers come from
 * @param gitCommit commit of the code that measured it
 * @param localId identifies the experiment's run; also the MLflow tag {@code fs.local_id} and the
 *     spool entry name
 */
public record RunId(
    String timestamp,
    String experiment,
    String kind,
    String source,
    String gitCommit,
    String localId) {}
