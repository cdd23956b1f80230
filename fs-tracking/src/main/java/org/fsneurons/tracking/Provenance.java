package org.fsneurons.tracking;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Where a measurement comes from: git commit (with {@code -dirty} when tracked files had
 * uncommitted changes), Java, fsneurons and ONNX Runtime versions, host. Recorded as MLflow tags
 * and in the results tables.
 */
public record Provenance(
    String gitCommit,
    String javaVersion,
    String fsneuronsVersion,
    String onnxRuntimeVersion,
    String host) {

  /**
   * Detects everything for the repository at {@code home} once per run; "unknown" where something
   * is not found.
   */
  public static Provenance detect(Path home) {
    return new Provenance(
        gitCommit(home),
        System.getProperty("java.version"),
        detectFsneuronsVersion(),
        detectOnnxRuntimeVersion(),
        detectHost());
  }

  /** The tags that identify code and machine. */
  public Map<String, String> tags() {
    Map<String, String> t = new LinkedHashMap<>();
    t.put("git.commit", gitCommit);
    if (!gitCommit.equals("unknown")) {
      t.put("mlflow.source.git.commit", gitCommit.replace("-dirty", ""));
    }
    t.put("version.java", javaVersion);
    t.put("version.fsneurons", fsneuronsVersion);
    t.put("version.onnxruntime", onnxRuntimeVersion);
    t.put("host", host);
    return t;
  }

  static String gitCommit(Path home) {
    String head = git(home, "rev-parse", "HEAD");
    if (head == null || head.isBlank()) {
      return "unknown";
    }
    String status = git(home, "status", "--porcelain", "--untracked-files=no");
    return head.strip() + (status != null && !status.isBlank() ? "-dirty" : "");
  }

  private static String git(Path home, String... args) {
    String[] cmd = new String[args.length + 3];
    cmd[0] = "git";
    cmd[1] = "-C";
    cmd[2] = home.toString();
    System.arraycopy(args, 0, cmd, 3, args.length);
    try {
      Process p =
          new ProcessBuilder(cmd)
              .redirectErrorStream(false)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return null;
      }
      return p.exitValue() == 0 ? out : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /**
   * The {@code Implementation-Version} of the jar manifest (every module's jar has it), else "dev".
   */
  static String detectFsneuronsVersion() {
    String v = Provenance.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  /**
   * The {@code Implementation-Version} of the ONNX Runtime jar's manifest (what {@code
   * OrtEnvironment.getVersion()} reports for the released jars), read without loading ONNX
   * Runtime's native library; "unknown" without it.
   */
  static String detectOnnxRuntimeVersion() {
    try {
      Package p =
          Class.forName("ai.onnxruntime.OrtEnvironment", false, Provenance.class.getClassLoader())
              .getPackage();
      return p == null || p.getImplementationVersion() == null
          ? "unknown"
          : p.getImplementationVersion();
    } catch (ClassNotFoundException | LinkageError e) {
      return "unknown";
    }
  }

  static String detectHost() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      String h = System.getenv("HOSTNAME");
      return h == null ? "unknown" : h;
    }
  }
}
