package org.fsneurons.experiments.cli;

import java.util.Map;
import java.util.Optional;
import org.fsneurons.core.UserInputException;
import org.fsneurons.experiments.config.Body;
import org.fsneurons.models.nativekernel.NativeFsKernel;
import org.fsneurons.models.ort.ExecutionProvider;
import org.fsneurons.models.ort.SessionConfig;
import picocli.CommandLine.Option;

/** Options for ONNX Runtime sessions: execution provider, threads and where FS nodes run. */
public final class RuntimeArgs {
  @Option(
      names = "--provider",
      paramLabel = "cpu|cuda|auto",
      defaultValue = "cpu",
      description = "Execution provider (default ${DEFAULT-VALUE}); cuda needs the -Pcuda build.")
  String provider;

  @Option(
      names = "--threads",
      paramLabel = "N",
      defaultValue = "0",
      description = "Intra-op threads (default: one per core).")
  int threads;

  @Option(
      names = "--fs-layout",
      paramLabel = "blocked|plain",
      defaultValue = "blocked",
      description =
          "With the native kernel on CPU: blocked (default) runs FS nodes on ONNX Runtime's NCHWc tensors, "
              + "with no layout conversion around them; plain leaves ONNX Runtime's placement (a reorder before and "
              + "after every FS node).")
  String fsLayout;

  /** Session settings for the original network (no custom ops). */
  SessionConfig plain() {
    return new SessionConfig(
        provider(),
        Flags.threads("--threads", threads),
        Optional.empty(),
        Map.of(),
        blockedLayout());
  }

  /** Checks every setting before the expensive work ({@link #plain} checks them again). */
  void check() {
    plain();
  }

  private ExecutionProvider provider() {
    try {
      return ExecutionProvider.parse(provider);
    } catch (UserInputException e) {
      throw new UserInputException(
          "--provider: expected cpu, cuda or auto, found '" + provider + "'", e);
    }
  }

  private boolean blockedLayout() {
    return switch (fsLayout == null ? "blocked" : fsLayout.trim()) {
      case "blocked" -> true;
      case "plain" -> false;
      default ->
          throw new UserInputException(
              "--fs-layout: expected blocked or plain, found '" + fsLayout + "'");
    };
  }

  /**
   * Session settings for an FS network: the native kernel is registered on CPU for --body auto and
   * native when it loads; when it cannot be loaded the function body runs and one log line says so.
   * A CUDA session never registers it, so FS nodes stay on the GPU.
   */
  SessionConfig fs(Body body) {
    return body.nativeKernel() ? NativeFsKernel.withKernelIfAvailable(plain()) : plain();
  }
}
