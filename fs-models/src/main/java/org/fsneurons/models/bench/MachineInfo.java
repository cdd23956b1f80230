package org.fsneurons.models.bench;

import ai.onnxruntime.OrtEnvironment;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The machine a benchmark ran on: host name, CPU model (from {@code /proc/cpuinfo}), cores visible
 * to the JVM, Java and ONNX Runtime versions.
 */
public record MachineInfo(
    String host, String cpuModel, int cores, String javaVersion, String ortVersion) {

  /** This machine. */
  public static MachineInfo current() {
    return new MachineInfo(
        hostName(),
        cpuModel(readLines(Path.of("/proc/cpuinfo"))),
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version", "?"),
        OrtEnvironment.getEnvironment().getVersion());
  }

  /** The 1-minute load average ({@code /proc/loadavg}, else the JVM's view); empty when unknown. */
  public static OptionalDouble loadAverage() {
    List<String> lines = readLines(Path.of("/proc/loadavg"));
    if (!lines.isEmpty()) {
      OptionalDouble v = parseLoadAverage(lines.get(0));
      if (v.isPresent()) {
        return v;
      }
    }
    double v = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    return v < 0 ? OptionalDouble.empty() : OptionalDouble.of(v);
  }

  /** The first field of a {@code /proc/loadavg} line. */
  static OptionalDouble parseLoadAverage(String line) {
    String[] f = line.trim().split("\\s+");
    try {
      return OptionalDouble.of(Double.parseDouble(f[0]));
    } catch (NumberFormatException e) {
      return OptionalDouble.empty();
    }
  }

  /** The value of the first {@code model name} line of {@code /proc/cpuinfo} text, or "unknown". */
  static String cpuModel(List<String> cpuinfo) {
    for (String l : cpuinfo) {
      int colon = l.indexOf(':');
      if (colon > 0 && l.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("model name")) {
        String v = l.substring(colon + 1).trim();
        return v.isEmpty() ? "unknown" : v;
      }
    }
    return "unknown";
  }

  private static String hostName() {
    List<String> etc = readLines(Path.of("/etc/hostname"));
    if (!etc.isEmpty() && !etc.get(0).isBlank()) {
      return etc.get(0).strip();
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static List<String> readLines(Path p) {
    try {
      return Files.readAllLines(p);
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }
}
