package org.fsneurons.models.nativekernel;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.fsneurons.models.ort.ExecutionProvider;
import org.fsneurons.models.ort.SessionConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The native FS kernel: {@code libfsneurons_ort.so}, an ONNX Runtime custom-op library that
 * computes the FS operator ({@link org.fsneurons.core.onnx.FsOperator}) in one fused, vectorised
 * pass, bit-identical to {@link org.fsneurons.core.neuron.FsNeuron}. Built by {@code
 * scripts/build-native.sh} for x86-64 Linux and packaged in this module's jar.
 *
 * <p>Where the library comes from, decided once per JVM on first use:
 *
 * <ol>
 *   <li>the system property {@value #LIB_PROPERTY}, a file path; a path that is not a file makes
 *       the kernel unavailable (the reason names the path);
 *   <li>otherwise the jar's resource {@value #RESOURCE}: used in place when the class path is a
 *       folder, else copied to a private folder under {@code $FS_HOME/build/native} or {@code
 *       java.io.tmpdir} (the first where the copy can be mapped executable; a {@code noexec} mount
 *       cannot) and deleted when the JVM exits.
 * </ol>
 *
 * The library is test-loaded before it is offered, so a wrong architecture or a missing {@code
 * libstdc++} shows up as a reason here rather than as a failed session. When unavailable, one log
 * line says why, and FS nodes run on their ONNX function body.
 *
 * <p>With the library registered, ONNX Runtime runs FS nodes on this kernel on the CPU execution
 * provider. Do not register it in a CUDA session: a CPU kernel there would pull the FS nodes off
 * the GPU.
 */
public final class NativeFsKernel {
  /** System property: path of the library to use instead of the bundled one. */
  public static final String LIB_PROPERTY = "fs.native.lib";

  /**
   * System property: the folder the bundled library is copied into when it cannot be loaded from
   * where it is (inside a jar); java.io.tmpdir is tried after it. The CLI sets it to {@code
   * $FS_HOME/build/native}.
   */
  public static final String EXTRACT_DIR_PROPERTY = "fs.native.dir";

  /** Class-path resource of the bundled library. */
  public static final String RESOURCE =
      "/org/fsneurons/models/nativekernel/linux-x86_64/libfsneurons_ort.so";

  /**
   * Session configuration key the library reads at registration to pick its instruction-set path.
   */
  public static final String ISA_CONFIG_KEY = "fsneurons.native.isa";

  /**
   * Session configuration key the library reads at registration: {@code off} turns off its
   * closed-form path for binary FS-ReLU sets (h = T = d = alpha 2^-(t+1), outputs exactly j
   * c[K-1]), which is on by default and gives the same outputs and spike totals as the K-step
   * dynamics, faster.
   */
  public static final String BINARY_RELU_CONFIG_KEY = "fsneurons.native.binary_relu";

  private static final Logger LOG = LoggerFactory.getLogger(NativeFsKernel.class);

  /**
   * Instruction-set paths of the kernel. A path the CPU lacks falls back to the widest supported
   * one below it.
   */
  public enum Isa {
    /** The widest path this CPU supports. */
    AUTO,
    AVX512,
    AVX2,
    /** The x86-64-v2 baseline. */
    SSE,
    /** Portable scalar code. */
    SCALAR;

    /** The value of {@link #ISA_CONFIG_KEY}. */
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Where the library is, or why there is none ({@code reason} empty when found). */
  record Location(Optional<Path> library, String reason) {
    static Location found(Path p) {
      return new Location(Optional.of(p), "");
    }

    static Location unavailable(String reason) {
      return new Location(Optional.empty(), reason);
    }
  }

  private static final class Holder {
    static final Location LOCATION = locateAndLog();
  }

  private NativeFsKernel() {}

  /**
   * {@code cfg} with the library registered when it is available and the session runs on the CPU (a
   * CUDA session never gets it, so FS nodes stay on the GPU); otherwise {@code cfg} unchanged.
   */
  public static SessionConfig withKernelIfAvailable(SessionConfig cfg) {
    if (cfg.provider() == ExecutionProvider.CUDA) {
      return cfg;
    }
    return library().map(cfg::withCustomOpLibrary).orElse(cfg);
  }

  /** The library's file, when it is available on this machine. */
  public static Optional<Path> library() {
    return Holder.LOCATION.library();
  }

  /** Why the library is unavailable; empty when it is available. */
  public static String unavailableReason() {
    return Holder.LOCATION.reason();
  }

  /**
   * Registers the library with {@code options} (before the session is created) when it is
   * available; returns whether it did. A failure to register is logged and returns false, so the FS
   * function bodies run instead.
   */
  static boolean register(OrtSession.SessionOptions options) {
    return register(options, Isa.AUTO);
  }

  /**
   * As {@link #register(OrtSession.SessionOptions)}, choosing the instruction-set path (for tests
   * and benchmarks).
   */
  static boolean register(OrtSession.SessionOptions options, Isa isa) {
    Optional<Path> lib = library();
    if (lib.isEmpty()) {
      return false;
    }
    try {
      if (isa != Isa.AUTO) {
        options.addConfigEntry(ISA_CONFIG_KEY, isa.id());
      }
      options.registerCustomOpLibrary(lib.get().toString());
      return true;
    } catch (OrtException e) {
      LOG.warn(
          "native FS kernel {} could not be registered ({}); FS nodes run on their ONNX function body",
          lib.get(),
          e.getMessage());
      return false;
    }
  }

  private static Location locateAndLog() {
    Location loc = locate(System.getProperty(LIB_PROPERTY));
    if (loc.library().isEmpty()) {
      LOG.warn(
          "native FS kernel unavailable: {}; FS nodes run on their ONNX function body",
          loc.reason());
    } else {
      LOG.debug("native FS kernel: {}", loc.library().get());
    }
    return loc;
  }

  /**
   * Resolves the library from the property value (may be null) or the bundled resource; logs
   * nothing.
   */
  static Location locate(String property) {
    if (property != null && !property.isBlank()) {
      Path p = Path.of(property.strip()).toAbsolutePath();
      if (!Files.isRegularFile(p)) {
        return Location.unavailable(
            "system property " + LIB_PROPERTY + " points at " + p + ", which is not a file");
      }
      String err = loadError(p);
      return err == null
          ? Location.found(p)
          : Location.unavailable(LIB_PROPERTY + "=" + p + " cannot be loaded: " + err);
    }
    String os = System.getProperty("os.name", "?");
    String arch = System.getProperty("os.arch", "?");
    if (!os.toLowerCase(Locale.ROOT).startsWith("linux")
        || !(arch.equals("amd64") || arch.equals("x86_64"))) {
      return Location.unavailable(
          "the bundled library is built for linux-x86_64 only, this is " + os + " " + arch);
    }
    URL url = NativeFsKernel.class.getResource(RESOURCE);
    if (url == null) {
      return Location.unavailable(
          "the library was not built into this build (resource "
              + RESOURCE
              + " missing; scripts/build-native.sh explains why when it runs, FS_NATIVE_REQUIRED=1 makes it fail)");
    }
    if ("file".equals(url.getProtocol())) {
      try {
        Path p = Path.of(url.toURI());
        String err = loadError(p);
        return err == null
            ? Location.found(p)
            : Location.unavailable(p + " cannot be loaded: " + err);
      } catch (URISyntaxException | IllegalArgumentException e) {
        // fall through to copying it
      }
    }
    return extract(url);
  }

  private static Location extract(URL url) {
    List<Path> bases = new ArrayList<>();
    String extractDir = System.getProperty(EXTRACT_DIR_PROPERTY);
    if (extractDir != null && !extractDir.isBlank()) {
      bases.add(Path.of(extractDir.strip()));
    }
    bases.add(Path.of(System.getProperty("java.io.tmpdir")));
    List<String> tried = new ArrayList<>();
    for (Path base : bases) {
      Path dir = null;
      Path file = null;
      try {
        Files.createDirectories(base);
        dir = Files.createTempDirectory(base, "fsneurons-ort-"); // owner-only permissions on POSIX
        file = dir.resolve("libfsneurons_ort.so");
        try (InputStream in = url.openStream()) {
          Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        if (!file.toFile().setExecutable(true, true)) {
          throw new IOException("cannot make it executable");
        }
        dir.toFile().deleteOnExit();
        file.toFile()
            .deleteOnExit(); // runs before the folder's (reverse order); a mapped copy stays usable
        String err = loadError(file);
        if (err == null) {
          return Location.found(file);
        }
        tried.add(file + ": " + err);
      } catch (IOException | RuntimeException e) {
        tried.add(base + ": " + e.getMessage());
      }
    }
    return Location.unavailable(
        "could not place the bundled library where it can be loaded; tried " + tried);
  }

  /**
   * Test-loads the library (it has no JNI entry points and runs no code when loaded); null when it
   * loads.
   */
  private static String loadError(Path p) {
    try (InputStream in = Files.newInputStream(p)) {
      byte[] magic = in.readNBytes(4);
      if (magic.length < 4
          || magic[0] != 0x7f
          || magic[1] != 'E'
          || magic[2] != 'L'
          || magic[3] != 'F') {
        return "not an ELF shared library";
      }
    } catch (IOException e) {
      return "cannot read it (" + e.getMessage() + ")";
    }
    try {
      System.load(p.toString());
      return null;
    } catch (UnsatisfiedLinkError e) {
      String m = String.valueOf(e.getMessage());
      return m.contains("already loaded in another classloader") ? null : m;
    } catch (SecurityException e) {
      return e.toString();
    }
  }
}
