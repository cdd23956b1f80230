package org.fsneurons.experiments.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.fsneurons.core.UserInputException;
import org.fsneurons.core.coeff.CoefficientFiles;
import org.fsneurons.core.coeff.CoefficientSets;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApproximationRunnerTest {
  @TempDir Path dir;

  private Measurement run(String settings) throws SkipException {
    return OneExperiment.run(
        dir,
        "experiments:\n  - name: a\n    kind: approximation\n" + settings,
        ApproximationRunner::run);
  }

  @Test
  void paperSetsGiveTheirReferenceErrors() throws Exception {
    // swish MSE 0.0034459 on [-8, 12]: computed from fs_weights.py with this update order; not
    // printed in the
    // official README. Sigmoid 0.00014376 on [-10, 10]: computed from fs_weights.py. Both on 100000
    // evenly spaced
    // points, to 5 significant digits
    Measurement swish = run("    coeffs: swish\n    uniform: [-8, 12]\n");
    assertEquals(0.0034459, swish.metrics().get("mse"), 0.0034459e-4);
    assertEquals(16.0, swish.metrics().get("k"));
    Measurement sigmoid = run("    coeffs: sigmoid\n    uniform: [-10, 10]\n");
    assertEquals(0.00014376, sigmoid.metrics().get("mse"), 0.00014376e-4);
    // FS-ReLU with alpha = 25, K = 10 has resolution 25 * 2^-10 = 0.0244140625: the largest error
    // on [0, 25]
    Measurement relu = run("    coeffs: relu\n    uniform: [0, 25]\n");
    assertEquals(0.0244140625, relu.metrics().get("max_abs_error"), 0.0);
    assertEquals(
        CoefficientFiles.sha256(CoefficientSets.bundled("relu")),
        relu.params().get("coeffs.sha256"));
    assertEquals("relu", relu.params().get("coeffs.name"));
    assertEquals("100000", relu.params().get("points"));
  }

  @Test
  void writesCoefficientJsonAndPlot() throws Exception {
    Measurement m = run("    coeffs: sigmoid\n    uniform: [-10, 10]\n    points: 1000\n");
    Path json = dir.resolve("coeffs-sigmoid.json");
    Path png = dir.resolve("approximation-sigmoid.png");
    assertEquals(List.of(json, png), m.artifacts());
    assertEquals(CoefficientSets.bundled("sigmoid"), CoefficientFiles.read(json));
    byte[] head = Arrays.copyOf(Files.readAllBytes(png), 4);
    assertEquals("\u0089PNG", new String(head, StandardCharsets.ISO_8859_1));
    assertEquals(1000.0, m.metrics().get("points"));
  }

  @Test
  void aSetNameThatIsAPathStillGivesItsMeasurementAndArtifactsInTheFolder() throws Exception {
    // the name comes from the JSON file (./fs fit --name takes any text): "../x" and "a/b" were
    // folders coeffs-../ and coeffs-a/ in the artifact folder, and "../../../x" failed the
    // experiment with a NoSuchFileException (the measured numbers lost)
    for (String name : List.of("../../../x", "a/b", "..")) {
      CoefficientFiles.write(
          CoefficientSets.bundled("relu")
              .withParams(name, CoefficientSets.bundled("relu").params(), Map.of()),
          dir.resolve("odd.json"));
      Measurement m = run("    coeffs: odd.json\n    uniform: [0, 25]\n    points: 1000\n");
      assertEquals(0.0244140625, m.metrics().get("max_abs_error"), 0.0, name);
      assertEquals(name, m.params().get("coeffs.name"));
      String file = name.replace('/', '_');
      assertEquals(
          List.of(
              dir.resolve("coeffs-" + file + ".json"),
              dir.resolve("approximation-" + file + ".png")),
          m.artifacts(),
          name);
      for (Path a : m.artifacts()) {
        assertEquals(dir, a.getParent(), name);
        assertTrue(Files.isRegularFile(a), a.toString());
      }
    }
  }

  @Test
  void normalSamplesAreSeededAndCoefficientFilesResolveAgainstTheYaml() throws Exception {
    CoefficientFiles.write(CoefficientSets.bundled("swish"), dir.resolve("sets/mine.json"));
    String s = "    coeffs: sets/mine.json\n    normal: [0, 2]\n    samples: 5000\n";
    Measurement a = run(s);
    Measurement b = run(s);
    assertEquals(a.metrics(), b.metrics(), "same seed, same samples");
    Measurement other = run(s + "    seed: 2\n");
    assertTrue(!a.metrics().get("mse").equals(other.metrics().get("mse")));
    assertEquals("5000", a.params().get("samples"));
  }

  @Test
  void aFileThatIsNoCoefficientSetIsNeverQuoted() throws Exception {
    // a mistyped path can name any file: nothing of it may reach the message (results CSV reason,
    // MLflow tag)
    Files.writeString(dir.resolve("secret.txt"), "hunter2-token rest of the secret\n");
    Files.writeString(dir.resolve("secret.json"), "{\"password\": \"hunter2-token\"}\n");
    for (String f : List.of("secret.txt", "secret.json")) {
      String msg =
          Assertions.assertThrows(
                  UserInputException.class,
                  () -> run("    coeffs: " + f + "\n    uniform: [0, 1]\n"))
              .getMessage();
      assertEquals(
          "coeffs '"
              + f
              + "': "
              + dir.resolve(f)
              + " is not a valid coefficient file (expected JSON with"
              + " format \"fsneurons-coefficients/1\", name, target, k, h, T, d; its contents are not shown)",
          msg);
    }
    String missing =
        Assertions.assertThrows(
                UserInputException.class, () -> run("    coeffs: nope.json\n    uniform: [0, 1]\n"))
            .getMessage();
    assertTrue(
        missing.startsWith("coeffs 'nope.json': not a bundled set (")
            && missing.endsWith(") and no such file (" + dir.resolve("nope.json") + ")"),
        missing);
  }
}
