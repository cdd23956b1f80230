package org.fsneurons.experiments.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.fsneurons.core.UserInputException;
import org.fsneurons.core.coeff.CoefficientFiles;
import org.fsneurons.core.coeff.CoefficientSet;
import org.fsneurons.core.coeff.CoefficientSets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kind: neurons} and its {@code map:}, which follows the rule of {@code --map}. */
class NeuronsRunnerTest {
  @TempDir Path dir;

  private Measurement run(String settings) throws SkipException {
    return OneExperiment.run(
        dir,
        "experiments:\n  - name: n\n    kind: neurons\n    arch: resnet8-cifar\n" + settings,
        NeuronsRunner::run);
  }

  @Test
  void countsTheNeuronsOfTheArchitecture() throws Exception {
    // ResNet-8 on 32x32x3: stem 16x32x32, then 3 stages of one block (two ReLUs each) at 16x32x32,
    // 32x16x16, 64x8x8: 16384 + 2*16384 + 2*8192 + 2*4096 = 73728 neurons in 7 ReLU layers
    Measurement m = run("");
    assertEquals(73728.0, m.metrics().get("neurons"));
    assertEquals(7.0, m.metrics().get("layers"));
    assertEquals("relu", m.params().get("coeffs.Relu.name"));
  }

  @Test
  void aMappedFileIsRelativeToTheExperimentsFile() throws Exception {
    CoefficientSet relu = CoefficientSets.relu(8, 6);
    CoefficientFiles.write(
        relu.withParams("my_relu", relu.params(), Map.of()), dir.resolve("sets/my.json"));
    Measurement m = run("    map: {Relu: sets/my.json}\n");
    assertEquals("my_relu", m.params().get("coeffs.Relu.name"));
    assertEquals("6", m.params().get("coeffs.Relu.k"));
    Measurement kept = run("    map: {Relu: keep}\n");
    assertEquals(0.0, kept.metrics().get("neurons"));
    assertEquals("keep", kept.params().get("coeffs.Relu.name"));
  }

  @Test
  void aMappedFileThatIsNoCoefficientSetIsNeverQuoted() throws Exception {
    Files.writeString(dir.resolve("secret.json"), "{\"password\": \"hunter2-token\"}\n");
    assertEquals(
        "map Relu 'secret.json': "
            + dir.resolve("secret.json")
            + " is not a valid coefficient file (expected JSON with format"
            + " \"fsneurons-coefficients/1\", name, target, k, h, T, d; its contents are not shown)",
        assertThrows(UserInputException.class, () -> run("    map: {Relu: secret.json}\n"))
            .getMessage());
    assertEquals(
        "map Relu=nope: unknown coefficient set 'nope': not a bundled set ("
            + String.join(", ", CoefficientSets.bundledNames())
            + ") and no such file",
        assertThrows(UserInputException.class, () -> run("    map: {Relu: nope}\n")).getMessage());
  }
}
