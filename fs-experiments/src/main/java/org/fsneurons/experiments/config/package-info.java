/**
 * experiments.yaml: the schema (one mutable settings class per experiment kind, public fields named
 * as the keys), the loader that composes the file into SnakeYAML nodes, binds them and turns every
 * mistake into a one-line {@code file:line:column} error, the rule of each setting shared with the
 * command line ({@link org.fsneurons.experiments.config.Setting}), {@code ${ENV}} substitution, and
 * the resolved, immutable form of an experiment that the runner receives.
 */
package org.fsneurons.experiments.config;
