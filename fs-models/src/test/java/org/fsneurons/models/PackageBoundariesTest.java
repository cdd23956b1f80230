package org.fsneurons.models;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Rules of the house style that the compiler does not check, over fs-models' compiled classes. */
class PackageBoundariesTest {
  static final Path CLASSES = Path.of(System.getProperty("user.dir"), "target", "classes");

  static List<Class<?>> classes() throws IOException, ClassNotFoundException {
    List<Class<?>> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(CLASSES.resolve("org/fsneurons/models"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".class")).sorted().toList()) {
        String name = CLASSES.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
        if (!name.endsWith("package-info")) {
          out.add(Class.forName(name, false, PackageBoundariesTest.class.getClassLoader()));
        }
      }
    }
    return out;
  }

  /** "No ORT type crosses fs-models' public API" outside the ort package, which owns the sessions. */
  @Test
  void noOnnxRuntimeTypeInAPublicSignatureOutsideTheOrtPackage() throws Exception {
    List<String> found = new ArrayList<>();
    for (Class<?> c : classes()) {
      if (c.getPackageName().equals("org.fsneurons.models.ort") || !Modifier.isPublic(c.getModifiers())) {
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
}
