package org.fsneurons.core.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.fsneurons.core.coeff.CoefficientSets;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated models pass the official ONNX checker with full_check (strict shape inference,
 * functions included), across opsets. Needs the project's Python environment (onnx): {@code
 * MLFLOW_PYTHON_EXECUTABLE} when set, else {@code .venv/bin/python} of the checkout (found by
 * walking up from the working folder to the one holding the {@code fs} launcher and {@code
 * pom.xml}). Skipped where it is absent, except under CI ({@code CI=true}), where a missing
 * environment fails the test.
 */
class OnnxCheckerTest {
  @TempDir Path dir;

  /** The project's Python, or empty with the places looked at. */
  static Optional<Path> python(StringBuilder lookedAt) {
    String env = System.getenv("MLFLOW_PYTHON_EXECUTABLE");
    if (env != null && !env.isBlank()) {
      lookedAt.append(env).append(" (MLFLOW_PYTHON_EXECUTABLE)");
      return Files.isExecutable(Path.of(env)) ? Optional.of(Path.of(env)) : Optional.empty();
    }
    for (Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        p != null;
        p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("fs")) && Files.isRegularFile(p.resolve("pom.xml"))) {
        Path py = p.resolve(".venv/bin/python");
        lookedAt.append(py);
        return Files.isExecutable(py) ? Optional.of(py) : Optional.empty();
      }
    }
    lookedAt
        .append("no folder holding the fs launcher and pom.xml above ")
        .append(System.getProperty("user.dir"));
    return Optional.empty();
  }

  @Test
  void modelsPassTheOnnxChecker() throws Exception {
    StringBuilder lookedAt = new StringBuilder();
    Optional<Path> python = python(lookedAt);
    if (python.isEmpty()) {
      String why =
          "no project Python environment: "
              + lookedAt
              + " (scripts/install-python-env.sh installs it)";
      assertNotEquals("true", System.getenv("CI"), "CI=true: " + why);
      Assumptions.abort(why);
    }
    Path py = python.get();
    List<String> cmd =
        new ArrayList<>(
            List.of(
                py.toString(),
                "-c",
                "import sys, onnx\n"
                    + "for p in sys.argv[1:]:\n"
                    + "    onnx.checker.check_model(onnx.load(p), full_check=True)\n"
                    + "print('ok', len(sys.argv) - 1)\n"));
    Object[][] cases = {
      {"swish", FsBody.DYNAMICS, 6},
      {"swish", FsBody.TABLE, 6},
      {"sigmoid", FsBody.TABLE, 8},
      {"swish", FsBody.TABLE, 13},
      {"relu", FsBody.DYNAMICS, 13},
      {"relu", FsBody.TABLE, 21}
    };
    for (Object[] c : cases) {
      Path p = dir.resolve(c[0] + "_" + c[1] + "_" + c[2] + ".onnx");
      Files.write(
          p,
          FsOperator.singleNodeModel(
                  CoefficientSets.bundled((String) c[0]),
                  (FsBody) c[1],
                  new long[] {-1, 4},
                  true,
                  (Integer) c[2])
              .toByteArray());
      cmd.add(p.toString());
    }
    Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    proc.waitFor(120, TimeUnit.SECONDS);
    assertEquals(0, proc.exitValue(), out);
    assertEquals("ok " + cases.length, out.strip());
  }
}
