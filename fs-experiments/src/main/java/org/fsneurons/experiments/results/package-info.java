/**
 * Results tables: the outcome of each experiment (passed, failed, skipped, measured, interrupted,
 * with the check of every expectation), its rows in {@code results/latest.csv} and {@code
 * results/runs.csv} (Apache Commons CSV, one row per metric), and the regression report of {@code
 * ./fs check}.
 */
package org.fsneurons.experiments.results;
