package org.fsneurons.models.ort;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How to open a session: execution provider, intra-op threads (0 = ONNX Runtime's default, one per
 * core), and an optional custom-op library to register (the native FS kernel; never registered in a
 * CUDA session, so FS nodes stay on the GPU there), and ONNX Runtime session configuration entries
 * (e.g. {@code session.intra_op.allow_spinning=0}), added to the session options in order. {@code
 * blockedLayout}: when the custom-op library is registered on CPU, run the FS nodes on ONNX
 * Runtime's blocked (NCHWc) tensors ({@link BlockedLayout}); on by default.
 */
public record SessionConfig(
    ExecutionProvider provider,
    int threads,
    Optional<Path> customOpLibrary,
    Map<String, String> configEntries,
    boolean blockedLayout) {
  public SessionConfig {
    if (threads < 0) {
      throw new IllegalArgumentException("threads must be >= 0, found " + threads);
    }
    customOpLibrary = customOpLibrary == null ? Optional.empty() : customOpLibrary;
    configEntries =
        configEntries == null
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(configEntries));
  }

  /** With the blocked layout on. */
  public SessionConfig(
      ExecutionProvider provider,
      int threads,
      Optional<Path> customOpLibrary,
      Map<String, String> configEntries) {
    this(provider, threads, customOpLibrary, configEntries, true);
  }

  /** Without configuration entries, blocked layout on. */
  public SessionConfig(ExecutionProvider provider, int threads, Optional<Path> customOpLibrary) {
    this(provider, threads, customOpLibrary, Map.of(), true);
  }

  public static SessionConfig cpu() {
    return new SessionConfig(ExecutionProvider.CPU, 0, Optional.empty());
  }

  public SessionConfig withCustomOpLibrary(Path lib) {
    return new SessionConfig(
        provider, threads, Optional.ofNullable(lib), configEntries, blockedLayout);
  }

  public SessionConfig withThreads(int n) {
    return new SessionConfig(provider, n, customOpLibrary, configEntries, blockedLayout);
  }

  /**
   * This configuration plus one session configuration entry (replacing an earlier value of the same
   * key).
   */
  public SessionConfig withConfigEntry(String key, String value) {
    Map<String, String> m = new LinkedHashMap<>(configEntries);
    m.put(key, value);
    return new SessionConfig(provider, threads, customOpLibrary, m, blockedLayout);
  }

  /**
   * Session configuration key of ONNX Runtime's intra-op spinning (idle pool threads busy-wait for
   * work).
   */
  public static final String ALLOW_SPINNING = "session.intra_op.allow_spinning";

  /**
   * This configuration with intra-op spinning off: benchmarks run several sessions in one process,
   * and the idle ones' spinning threads would steal the cores of the one running.
   */
  public SessionConfig withoutSpinning() {
    return withConfigEntry(ALLOW_SPINNING, "0");
  }

  /** This configuration with the blocked layout for FS nodes on or off. */
  public SessionConfig withBlockedLayout(boolean on) {
    return new SessionConfig(provider, threads, customOpLibrary, configEntries, on);
  }
}
