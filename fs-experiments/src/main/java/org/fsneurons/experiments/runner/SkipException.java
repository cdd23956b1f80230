package org.fsneurons.experiments.runner;

/**
 * An experiment cannot run here; the message is the reason recorded in the results and in MLflow,
 * e.g. {@code dataset imagenet: ${IMAGENET_DIR} not set} or {@code model
 * models/fmnist-resnet20.onnx not found}.
 */
public final class SkipException extends Exception {
  private static final long serialVersionUID = 1L;

  public SkipException(String reason) {
    super(reason);
  }

  public String reason() {
    return getMessage();
  }
}
