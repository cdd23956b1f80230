package org.fsneurons.core.coeff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fsneurons.core.UserInputException;
import org.fsneurons.core.neuron.FsParams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CoefficientFilesTest {
  @TempDir Path dir;

  /**
   * The values of the official repository christophstoeckl/FS-neurons, file fs_weights.py (commit 631e7f3, Stöckl &
   * Maass 2021), copied from that file; relu there is alpha=25, K=10: 25·2^-10·2^(10-i), i=1..10.
   */
  @Test
  void bundledSetsAreTheOfficialValues() {
    FsParams swish = CoefficientSets.bundled("swish").params();
    assertArrayEquals(new float[] {0.7844085f, 1.7550646f, 1.4212719f, 1.9244663f, 1.4400164f, 1.9249276f,
        1.6100428f, 1.29061f, 0.83985287f, 3.0827985f, 0.43503317f, 0.5155389f, 0.3269445f, 7.618048f, -14.419675f,
        0f}, swish.h());
    assertArrayEquals(new float[] {0.40088242f, 1.8856316f, 1.4915457f, 1.947229f, 1.4717816f, 1.9147849f,
        1.6389303f, 1.2934641f, 0.8703124f, 0.68460804f, 0.44262582f, 0.32832766f, 0.13907616f, -0.26217145f,
        0.23736191f, -0.14830568f}, swish.d());
    assertArrayEquals(new float[] {0.05946945f, 1.6541206f, 1.3066754f, 1.3267198f, 1.1000695f, 1.2308974f,
        1.1188028f, 0.9472501f, 0.5447531f, 1.0236325f, 0.11921431f, -0.12855051f, -0.44731247f, -2.1383545f, 1f,
        -4.109145f}, swish.T());
    FsParams sigmoid = CoefficientSets.bundled("sigmoid").params();
    assertArrayEquals(new float[] {1.6558512f, 1.0989026f, 10.7739f, 1.3579437f, 1.0146959f, 0.8972655f,
        2.1207616f, 1.6949341f, 3.6397197f, -2.1483946f, 5.1177883f, 0f}, sigmoid.h());
    assertArrayEquals(new float[] {0.37689912f, 0.21977554f, 0.40271342f, 0.17005783f, 0.09584032f, 0.06293014f,
        0.04360681f, -0.0443096f, 0.01999909f, 0.07107325f, 0.01502249f, 0.01021793f}, sigmoid.d());
    assertArrayEquals(new float[] {-0.00824843f, -0.9319625f, 1.0080122f, -1.2074932f, -1.7885877f, -2.7065408f,
        -3.2715735f, 0.07132628f, -3.719372f, -0.543918f, -3.7693157f, -5.5447803f}, sigmoid.T());
    FsParams relu = CoefficientSets.bundled("relu").params();
    float[] r = new float[10];
    for (int i = 1; i <= 10; i++) {
      r[i - 1] = (float) (25 * Math.pow(2, -10) * Math.pow(2, 10 - i));
    }
    assertArrayEquals(r, relu.h());
    assertArrayEquals(r, relu.T());
    assertArrayEquals(r, relu.d());
    assertEquals(relu, CoefficientSets.relu(25, 10).params());
    assertEquals("relu", CoefficientSets.relu(25, 10).name());
    assertEquals(List.of("relu", "sigmoid", "swish", "gelu", "swish_fit16"), CoefficientSets.bundledNames());
    assertEquals(TargetFunction.SWISH, CoefficientSets.bundled("swish").target());
    assertEquals(16, CoefficientSets.bundled("swish").k());
    assertEquals(12, CoefficientSets.bundled("sigmoid").k());
  }

  @Test
  void setsRoundTripByteForByte() {
    Map<String, Object> prov = new LinkedHashMap<>();
    prov.put("source", "test");
    prov.put("loss", 0.00123);
    prov.put("nested", Map.of("seed", 7));
    FsParams p = new FsParams(new float[] {0.1f, Float.MIN_VALUE, -0f, 3.4e38f},
        new float[] {1e-8f, -2.5f, 1f / 3f, 7f}, new float[] {0.7f, Math.nextUp(1f), -1e-30f, 0f});
    for (CoefficientSet set : List.of(new CoefficientSet("odd", null, p, prov), CoefficientSets.bundled("swish"),
        CoefficientSets.bundled("sigmoid"), CoefficientSets.bundled("relu"))) {
      String json = CoefficientFiles.toJson(set);
      CoefficientSet back = CoefficientFiles.parse(json, "test.json");
      assertEquals(json, CoefficientFiles.toJson(back), set.name());
      assertEquals(set.params(), back.params(), set.name());
      assertEquals(set.name(), back.name());
      assertEquals(set.target(), back.target());
      assertEquals(CoefficientFiles.sha256(set), CoefficientFiles.sha256(back));
    }
    Path f = dir.resolve("sub/swish.json");
    CoefficientSet swish = CoefficientSets.bundled("swish");
    CoefficientFiles.write(swish, f);
    assertEquals(swish.params(), CoefficientFiles.read(f).params());
    assertEquals(swish.params(), CoefficientSets.resolve(f.toString()).params());
  }

  private String readError(String name, String content) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(f, content, StandardCharsets.UTF_8);
    String msg = assertThrows(UserInputException.class, () -> CoefficientFiles.read(f)).getMessage();
    assertTrue(msg.startsWith(f.toString() + ":"), msg);
    assertFalse(msg.contains("\n"), "one line: " + msg);
    return msg;
  }

  @Test
  void badFilesGiveOneLineErrors() throws Exception {
    String missingH = readError("missing_h.json", "{\"name\": \"x\", \"T\": [1], \"d\": [1]}");
    assertTrue(missingH.endsWith("'h' must be an array of numbers, found null"), missingH);

    String unequal = readError("unequal.json", "{\"name\": \"x\", \"h\": [1, 2], \"T\": [1, 2, 3], \"d\": [1, 2]}");
    assertTrue(unequal.endsWith("FS parameters must have equal lengths K, found h=2, T=3, d=2"), unequal);

    String k = readError("k.json", "{\"name\": \"x\", \"k\": 3, \"h\": [1, 2], \"T\": [1, 2], \"d\": [1, 2]}");
    assertTrue(k.endsWith("'k' is 3 but 'h' has 2 values"), k);

    String unknown = readError("unknown.json", "{\"name\": \"x\", \"hh\": [1], \"T\": [1], \"d\": [1]}");
    assertTrue(unknown.contains("unknown key 'hh'; allowed: format, name, target, k, h, T, d, provenance"), unknown);

    String notJson = readError("notjson.json", "name: swish\nh: [1, 2]\n");
    assertTrue(notJson.contains("not valid JSON"), notJson);

    String nan = readError("nan.json", "{\"name\": \"x\", \"h\": [1], \"T\": [\"a\"], \"d\": [1]}");
    assertTrue(nan.endsWith("'T'[0] must be a number, found \"a\""), nan);

    String target = readError("target.json", "{\"name\": \"x\", \"target\": \"swsh\", \"h\": [1], \"T\": [1], \"d\": [1]}");
    assertTrue(target.contains("'target': unknown target function 'swsh'; known: relu, sigmoid, swish"), target);

    String missing = assertThrows(UserInputException.class, () -> CoefficientSets.resolve("swishh")).getMessage();
    assertEquals("unknown coefficient set 'swishh': not a bundled set (relu, sigmoid, swish, gelu, swish_fit16) and no"
        + " such file", missing);
  }
}
