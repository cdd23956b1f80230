package org.fsneurons.models;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Rules of the house style that the compiler does not check, over fs-models' compiled classes. */
class PackageBoundariesTest {
  static final Path CLASSES = Path.of(System.getProperty("user.dir"), "target", "classes");

  static List<Class<?>> classes() throws IOException, ClassNotFoundException {
    List<Class<?>> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(CLASSES.resolve("org/fsneurons/models"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".class")).sorted().toList()) {
        String name =
            CLASSES.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
        if (!name.endsWith("package-info")) {
          out.add(Class.forName(name, false, PackageBoundariesTest.class.getClassLoader()));
        }
      }
    }
    return out;
  }

  /**
   * "No ORT type crosses fs-models' public API" outside the ort package, which owns the sessions.
   */
  @Test
  void noOnnxRuntimeTypeInAPublicSignatureOutsideTheOrtPackage() throws Exception {
    List<String> found = new ArrayList<>();
    for (Class<?> c : classes()) {
      if (c.getPackageName().equals("org.fsneurons.models.ort")
          || !Modifier.isPublic(c.getModifiers())) {
        continue;
      }
      for (var m : c.getDeclaredMethods()) {
        if (Modifier.isPublic(m.getModifiers()) && m.toGenericString().contains("ai.onnxruntime")) {
          found.add(m.toGenericString());
        }
      }
      for (var k : c.getDeclaredConstructors()) {
        if (Modifier.isPublic(k.getModifiers()) && k.toGenericString().contains("ai.onnxruntime")) {
          found.add(k.toGenericString());
        }
      }
      for (var f : c.getDeclaredFields()) {
        if (Modifier.isPublic(f.getModifiers()) && f.toGenericString().contains("ai.onnxruntime")) {
          found.add(f.toGenericString());
        }
      }
    }
    assertEquals(List.of(), found);
  }

  /**
   * No package cycle among fs-core's and fs-models' packages: the dependencies are read from the
   * sources (imports and qualified names of org.fsneurons.core / org.fsneurons.models types).
   */
  @Test
  void noPackageCycle() throws IOException {
    Path root = Path.of(System.getProperty("user.dir")).getParent();
    Map<String, Set<String>> deps = new TreeMap<>();
    Pattern ref =
        Pattern.compile("\\b(org\\.fsneurons\\.(?:models|core)(?:\\.[a-z]\\w*)*)\\.[A-Z]");
    Pattern pkg = Pattern.compile("(?m)^package ([\\w.]+);");
    for (String module : List.of("fs-core", "fs-models")) {
      try (Stream<Path> files = Files.walk(root.resolve(module).resolve("src/main/java"))) {
        for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
          String src = Files.readString(f);
          var pm = pkg.matcher(src);
          if (!pm.find()) {
            continue;
          }
          String from = pm.group(1);
          var m = ref.matcher(src);
          while (m.find()) {
            if (!m.group(1).equals(from)) {
              deps.computeIfAbsent(from, k -> new TreeSet<>()).add(m.group(1));
            }
          }
        }
      }
    }
    List<String> cycles = new ArrayList<>();
    for (String a : deps.keySet()) {
      for (String b : deps.get(a)) {
        if (a.compareTo(b) < 0 && reaches(deps, b, a, new HashSet<>())) {
          cycles.add(a + " <-> " + b);
        }
      }
    }
    assertEquals(List.of(), cycles);
  }

  /**
   * "Environment variables are read at the CLI edge, not deep in fs-models" (issue 13): no library
   * module that evaluates reads the process environment; fs-experiments passes its variables (for
   * dataset folders: {@code FsEvaluation.Request.datasets}).
   */
  @Test
  void noEvaluatingModuleReadsTheEnvironment() throws IOException {
    Path root = Path.of(System.getProperty("user.dir")).getParent();
    List<String> found = new ArrayList<>();
    for (String module : List.of("fs-core", "fs-fit", "fs-models", "fs-spark")) {
      try (Stream<Path> files = Files.walk(root.resolve(module).resolve("src/main/java"))) {
        for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
          if (Files.readString(f).contains("System.getenv(")) {
            found.add(root.relativize(f).toString());
          }
        }
      }
    }
    assertEquals(List.of(), found);
  }

  private static boolean reaches(
      Map<String, Set<String>> deps, String from, String to, Set<String> seen) {
    if (from.equals(to)) {
      return true;
    }
    if (!seen.add(from)) {
      return false;
    }
    for (String next : deps.getOrDefault(from, Set.of())) {
      if (reaches(deps, next, to, seen)) {
        return true;
      }
    }
    return false;
  }
}
