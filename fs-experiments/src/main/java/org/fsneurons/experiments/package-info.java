/**
 * fsneurons experiments: the command line, experiments.yaml, MLflow tracking and results tables.
 * Nothing depends on it.
 */
package org.fsneurons.experiments;
