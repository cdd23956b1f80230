package org.fsneurons.experiments.runner;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a kind runner may use besides its experiment: an empty folder for its artifacts, the environment (for data
 * locations such as {@code IMAGENET_DIR}), the repository root, and stderr for progress bars.
 */
public record RunContext(Path artifactDir, Map<String, String> env, Path fsHome, PrintWriter err) {
  public RunContext {
    env = Map.copyOf(env);
  }
}
