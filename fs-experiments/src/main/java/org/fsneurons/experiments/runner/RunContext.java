package org.fsneurons.experiments.runner;

import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * What a kind runner may use besides its experiment: an empty folder for its artifacts, stderr for
 * progress bars, and whether the run is tracked (then a kind also writes what only the tracker
 * needs, such as the converted model to log as an MLflow model, into {@link #modelDir()}).
 */
public record RunContext(Path artifactDir, PrintWriter err, boolean tracked) {
  /**
   * Where a kind writes the ONNX files it logs as MLflow models: {@code <artifactDir>.models},
   * beside the artifacts.
   */
  public Path modelDir() {
    return artifactDir.resolveSibling(artifactDir.getFileName() + ".models");
  }
}
