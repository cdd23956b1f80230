package org.fsneurons.core.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.fsneurons.core.coeff.CoefficientSets;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated models pass the official ONNX checker with full_check (strict shape inference, functions included),
 * across opsets. Needs the project's Python environment (onnx 1.17); skipped where it is absent.
 */
class OnnxCheckerTest {
  private static final Path PYTHON = Path.of("/work/main/.venv/bin/python");

  @TempDir Path dir;

  @Test
  void modelsPassTheOnnxChecker() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(PYTHON), "no Python environment at " + PYTHON);
    List<String> cmd = new ArrayList<>(List.of(PYTHON.toString(), "-c",
        "import sys, onnx\n"
            + "for p in sys.argv[1:]:\n"
            + "    onnx.checker.check_model(onnx.load(p), full_check=True)\n"
            + "print('ok', len(sys.argv) - 1)\n"));
    Object[][] cases = {{"swish", FsBody.DYNAMICS, 6}, {"swish", FsBody.TABLE, 6}, {"sigmoid", FsBody.TABLE, 8},
        {"swish", FsBody.TABLE, 13}, {"relu", FsBody.DYNAMICS, 13}, {"relu", FsBody.TABLE, 21}};
    for (Object[] c : cases) {
      Path p = dir.resolve(c[0] + "_" + c[1] + "_" + c[2] + ".onnx");
      Files.write(p, FsOperator.singleNodeModel(CoefficientSets.bundled((String) c[0]), (FsBody) c[1],
          new long[] {-1, 4}, true, (Integer) c[2]).toByteArray());
      cmd.add(p.toString());
    }
    Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    proc.waitFor(120, TimeUnit.SECONDS);
    assertEquals(0, proc.exitValue(), out);
    assertEquals("ok " + cases.length, out.strip());
  }
}
