package org.fsneurons.models.ort;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How to open a session: execution provider, intra-op threads (0 = ONNX Runtime's default, one per core), and an
 * optional custom-op library to register (the native FS kernel; never registered in a CUDA session, so FS nodes stay
 * on the GPU there).
 */
public record SessionConfig(ExecutionProvider provider, int threads, Optional<Path> customOpLibrary) {
  public SessionConfig {
    if (threads < 0) {
      throw new IllegalArgumentException("threads must be >= 0, found " + threads);
    }
    customOpLibrary = customOpLibrary == null ? Optional.empty() : customOpLibrary;
  }

  public static SessionConfig cpu() {
    return new SessionConfig(ExecutionProvider.CPU, 0, Optional.empty());
  }

  public SessionConfig withCustomOpLibrary(Path lib) {
    return new SessionConfig(provider, threads, Optional.ofNullable(lib));
  }

  public SessionConfig withThreads(int n) {
    return new SessionConfig(provider, n, customOpLibrary);
  }
}
