package org.fsneurons.experiments.runner;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.fsneurons.models.data.Datasets;

/**
 * What a kind runner may use besides its experiment: an empty folder for its artifacts, stderr for
 * progress bars, whether the run is tracked (then a kind also writes what only the tracker needs,
 * such as the converted model to log as an MLflow model, into {@link #modelDir()}), and the dataset
 * folders named by the command line's variables.
 */
public record RunContext(Path artifactDir, PrintWriter err, boolean tracked, Datasets datasets) {
  /** A context with the default dataset folders. */
  public RunContext(Path artifactDir, PrintWriter err, boolean tracked) {
    this(artifactDir, err, tracked, Datasets.defaults());
  }

  /**
   * Where a kind writes the ONNX files it logs as MLflow models: {@code <artifactDir>.models},
   * beside the artifacts.
   */
  public Path modelDir() {
    return artifactDir.resolveSibling(artifactDir.getFileName() + ".models");
  }
}
