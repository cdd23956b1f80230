package org.fsneurons.models.ort;

import java.util.Locale;
import org.fsneurons.core.UserInputException;

/** Where a session runs. */
public enum ExecutionProvider {
  /** ONNX Runtime's CPU provider. */
  CPU,
  /**
   * CUDA (needs the {@code cuda} Maven profile, i.e. onnxruntime_gpu, plus CUDA 12 and cuDNN 9
   * libraries).
   */
  CUDA,
  /** CUDA when its provider loads, otherwise CPU (one log line says which and why). */
  AUTO;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ExecutionProvider parse(String s) {
    for (ExecutionProvider p : values()) {
      if (p.id().equalsIgnoreCase(s.trim())) {
        return p;
      }
    }
    throw new UserInputException(
        "unknown execution provider '" + s + "'; allowed: cpu, cuda, auto");
  }
}
