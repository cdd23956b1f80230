/**
 * experiments.yaml: the schema (one mutable binding class per experiment kind, bound by Jackson YAML with unknown keys
 * rejected), the loader that turns every mistake into a one-line {@code file:line:column} error, {@code ${ENV}}
 * substitution, and the resolved, immutable form of an experiment that the runner receives.
 */
package org.fsneurons.experiments.config;
