package org.fsneurons.experiments.runner;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.fsneurons.experiments.config.ExperimentsConfig;
import org.fsneurons.experiments.config.ExperimentsFile;
import org.fsneurons.experiments.config.Resolver;

/**
 * Runs the one experiment of a YAML text with a kind's runner, untracked, its file and artifacts in
 * {@code dir}.
 */
final class OneExperiment {
  private OneExperiment() {}

  static Measurement run(Path dir, String yaml, RunLoop.Body runner) throws SkipException {
    ExperimentsConfig c = ExperimentsFile.parse(yaml, dir.resolve("experiments.yaml"));
    return runner.run(
        Resolver.resolve(c, c.experiments().get(0), Map.of()),
        new RunContext(dir, new PrintWriter(new StringWriter()), false));
  }
}
