package org.fsneurons.spark;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.fsneurons.core.UserInputException;

/**
 * The jars an executor needs besides Spark: this module's jar and its runtime dependencies other
 * than Spark (listed at build time in {@code app-jars.txt}), found on the driver's class path by
 * file name ({@code artifactId-version.jar}, as in the {@code ./fs} launcher's {@code lib/}).
 */
final class AppJars {
  private AppJars() {}

  /** File names of the jars to ship, from the build's list. */
  static Set<String> names() {
    Set<String> names = new LinkedHashSet<>();
    try (InputStream in = AppJars.class.getResourceAsStream("app-jars.txt")) {
      if (in == null) {
        throw new IllegalStateException("app-jars.txt missing from the fs-spark jar; rebuild");
      }
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        // Maven writes ANSI colours into the list unless run with -B; drop them before parsing
        String[] p = line.replaceAll("\u001B\\[[0-9;]*m", " ").trim().split("\\s+")[0].split(":");
        // groupId:artifactId:type[:classifier]:version
        if (p.length == 4 || p.length == 5) {
          String classifier = p.length == 5 ? "-" + p[3] : "";
          names.add(p[1] + "-" + p[p.length - 1] + classifier + "." + p[2]);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return names;
  }

  /** Paths of the jars to ship: this module's jar and every listed jar on the class path. */
  static List<String> find() {
    Set<String> wanted = new HashSet<>(names());
    List<String> out = new ArrayList<>();
    Path self;
    try {
      self = Path.of(AppJars.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    if (!Files.isRegularFile(self)) {
      throw new UserInputException(
          "--spark: a cluster master needs the application's jars to ship to executors, but "
              + "fs-spark runs from "
              + self
              + "; run it through ./fs (or spark-submit with the jars)");
    }
    out.add(self.toString());
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path p = Path.of(entry);
      if (Files.isRegularFile(p) && wanted.remove(p.getFileName().toString())) {
        out.add(p.toAbsolutePath().toString());
      }
    }
    if (!wanted.isEmpty()) {
      throw new UserInputException(
          "--spark: jars " + wanted + " are not on the class path; run through ./fs");
    }
    return out;
  }
}
