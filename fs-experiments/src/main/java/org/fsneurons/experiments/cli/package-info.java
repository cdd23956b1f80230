/**
 * The {@code ./fs} command line (picocli): one class per subcommand, user errors exit 2 with one
 * line.
 */
package org.fsneurons.experiments.cli;
