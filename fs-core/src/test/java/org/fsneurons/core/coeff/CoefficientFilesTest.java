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
   * The values of the official repository christophstoeckl/FS-neurons, file fs_weights.py (commit
   * 631e7f3, Stöckl & Maass 2021), copied from that file; relu there is alpha=25, K=10:
   * 25·2^-10·2^(10-i), i=1..10.
   */
  @Test
  void bundledSetsAreTheOfficialValues() {
    FsParams swish = CoefficientSets.bundled("swish").params();
    assertArrayEquals(
        new float[] {
          0.7844085f,
          1.7550646f,
          1.4212719f,
          1.9244663f,
          1.4400164f,
          1.9249276f,
          1.6100428f,
          1.29061f,
          0.83985287f,
          3.0827985f,
          0.43503317f,
          0.5155389f,
          0.3269445f,
          7.618048f,
          -14.419675f,
          0f
        },
        swish.h());
    assertArrayEquals(
        new float[] {
          0.40088242f,
          1.8856316f,
          1.4915457f,
          1.947229f,
          1.4717816f,
          1.9147849f,
          1.6389303f,
          1.2934641f,
          0.8703124f,
          0.68460804f,
          0.44262582f,
          0.32832766f,
          0.13907616f,
          -0.26217145f,
          0.23736191f,
          -0.14830568f
        },
        swish.d());
    assertArrayEquals(
        new float[] {
          0.05946945f,
          1.6541206f,
          1.3066754f,
          1.3267198f,
          1.1000695f,
          1.2308974f,
          1.1188028f,
          0.9472501f,
          0.5447531f,
          1.0236325f,
          0.11921431f,
          -0.12855051f,
          -0.44731247f,
          -2.1383545f,
          1f,
          -4.109145f
        },
        swish.T());
    FsParams sigmoid = CoefficientSets.bundled("sigmoid").params();
    assertArrayEquals(
        new float[] {
          1.6558512f,
          1.0989026f,
          10.7739f,
          1.3579437f,
          1.0146959f,
          0.8972655f,
          2.1207616f,
          1.6949341f,
          3.6397197f,
          -2.1483946f,
          5.1177883f,
          0f
        },
        sigmoid.h());
    assertArrayEquals(
        new float[] {
          0.37689912f,
          0.21977554f,
          0.40271342f,
          0.17005783f,
          0.09584032f,
          0.06293014f,
          0.04360681f,
          -0.0443096f,
          0.01999909f,
          0.07107325f,
          0.01502249f,
          0.01021793f
        },
        sigmoid.d());
    assertArrayEquals(
        new float[] {
          -0.00824843f,
          -0.9319625f,
          1.0080122f,
          -1.2074932f,
          -1.7885877f,
          -2.7065408f,
          -3.2715735f,
          0.07132628f,
          -3.719372f,
          -0.543918f,
          -3.7693157f,
          -5.5447803f
        },
        sigmoid.T());
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
    assertEquals(
        List.of("relu", "sigmoid", "swish", "gelu", "swish_fit16"), CoefficientSets.bundledNames());
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
    FsParams p =
        new FsParams(
            new float[] {0.1f, Float.MIN_VALUE, -0f, 3.4e38f},
            new float[] {1e-8f, -2.5f, 1f / 3f, 7f},
            new float[] {0.7f, Math.nextUp(1f), -1e-30f, 0f});
    for (CoefficientSet set :
        List.of(
            new CoefficientSet("odd", null, p, prov),
            CoefficientSets.bundled("swish"),
            CoefficientSets.bundled("sigmoid"),
            CoefficientSets.bundled("relu"))) {
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
    String msg =
        assertThrows(UserInputException.class, () -> CoefficientFiles.read(f)).getMessage();
    assertTrue(msg.startsWith(f.toString() + ":"), msg);
    assertFalse(msg.contains("\n"), "one line: " + msg);
    return msg;
  }

  @Test
  void badFilesGiveOneLineErrors() throws Exception {
    String missingH = readError("missing_h.json", "{\"name\": \"x\", \"T\": [1], \"d\": [1]}");
    assertTrue(
        missingH.endsWith(
            ": h: expected an array of K numbers, found nothing (the key is missing)"),
        missingH);

    String unequal =
        readError(
            "unequal.json", "{\"name\": \"x\", \"h\": [1, 2], \"T\": [1, 2, 3], \"d\": [1, 2]}");
    assertTrue(
        unequal.endsWith(": h, T, d: expected arrays of the same length K, found h=2, T=3, d=2"),
        unequal);

    String k =
        readError(
            "k.json", "{\"name\": \"x\", \"k\": 3, \"h\": [1, 2], \"T\": [1, 2], \"d\": [1, 2]}");
    assertTrue(k.endsWith(": k: expected 2 (the number of values in h), found 3"), k);

    String unknown =
        readError("unknown.json", "{\"name\": \"x\", \"hh\": [1], \"T\": [1], \"d\": [1]}");
    assertTrue(
        unknown.contains("unknown key 'hh'; allowed: format, name, target, k, h, T, d, provenance"),
        unknown);

    String notJson = readError("notjson.json", "name: swish\nh: [1, 2]\n");
    assertTrue(notJson.contains("not valid JSON"), notJson);

    String nan = readError("nan.json", "{\"name\": \"x\", \"h\": [1], \"T\": [\"a\"], \"d\": [1]}");
    assertTrue(nan.endsWith(": T[0]: expected a number, found the string \"a\""), nan);

    String target =
        readError(
            "target.json",
            "{\"name\": \"x\", \"target\": \"swsh\", \"h\": [1], \"T\": [1], \"d\": [1]}");
    assertTrue(
        target.contains("'target': unknown target function 'swsh'; known: relu, sigmoid, swish"),
        target);

    String missing =
        assertThrows(UserInputException.class, () -> CoefficientSets.resolve("swishh"))
            .getMessage();
    assertEquals(
        "unknown coefficient set 'swishh': not a bundled set (relu, sigmoid, swish, gelu, swish_fit16) and no"
            + " such file",
        missing);
    // an empty name is not the working folder
    assertEquals(
        "coefficient set: expected a bundled set (relu, sigmoid, swish, gelu, swish_fit16) or a"
            + " JSON file, found an empty value",
        assertThrows(UserInputException.class, () -> CoefficientSets.resolve("")).getMessage());
  }

  @Test
  void aSetsFileStemIsOnePlainFileNamePart() {
    CoefficientSet s = CoefficientSets.bundled("swish_fit16");
    assertEquals("swish_fit16", s.fileStem());
    FsParams p = s.params();
    assertEquals(
        ".._.._x_y_K=16+q-1.5",
        s.withParams("../../x y/K=16+q-1.5", p, Map.of()).fileStem()); // '/' and ' ' replaced
  }

  private static final String OK = "{\"name\": \"x\", \"h\": [1, 2], \"T\": [1, 2], \"d\": [1, 2]}";

  @Test
  void trailingTextFractionalKAndOverflowAreRefused() throws Exception {
    String trailing = readError("trailing.json", OK + " {\"name\": \"y\"}");
    assertTrue(trailing.contains("trailing.json:1:"), trailing);
    assertTrue(trailing.contains("not valid JSON (Trailing token"), trailing);
    assertTrue(trailing.endsWith("expected one coefficient JSON object"), trailing);
    assertTrue(
        readError("garbage.json", OK + "\nxyz").contains("garbage.json:2:"), "line of the garbage");

    String k =
        readError(
            "k12.json",
            "{\"name\": \"x\", \"k\": 2.5, \"h\": [1, 2], \"T\": [1, 2], \"d\": [1, 2]}");
    assertTrue(
        k.endsWith(": k: expected a whole number of time steps (2, the length of h), found 2.5"),
        k);
    String kText =
        readError(
            "ktext.json",
            "{\"name\": \"x\", \"k\": \"2\", \"h\": [1, 2], \"T\": [1, 2], \"d\": [1, 2]}");
    assertTrue(
        kText.endsWith(
            ": k: expected a whole number of time steps (2, the length of h), found the string \"2\""),
        kText);

    String big =
        readError("big.json", "{\"name\": \"x\", \"h\": [1, 2], \"T\": [1, 1e39], \"d\": [1, 2]}");
    assertTrue(
        big.endsWith(
            ": T[1]: expected a finite float32 (magnitude at most 3.4028235E38), found 1.0E39"),
        big);
    String nanToken =
        readError("nan2.json", "{\"name\": \"x\", \"h\": [NaN], \"T\": [1], \"d\": [1]}");
    assertTrue(nanToken.contains("nan2.json:1:"), nanToken);
    assertTrue(nanToken.contains("Non-standard token 'NaN'"), nanToken);

    String empty = readError("empty.json", "");
    assertTrue(
        empty.endsWith(
            ": expected a JSON object with keys format, name, target, k, h, T, d, provenance, found "
                + "an empty file"),
        empty);
    String array = readError("array.json", "[1, 2, 3]");
    assertTrue(array.endsWith("found an array of 3 values"), array);
    String k0 = readError("k0.json", "{\"name\": \"x\", \"h\": [], \"T\": [], \"d\": []}");
    assertTrue(
        k0.endsWith(": h: expected at least one value (K >= 1 time steps), found an empty array"),
        k0);
    String obj =
        readError("obj.json", "{\"name\": \"x\", \"h\": {\"a\": 1}, \"T\": [1], \"d\": [1]}");
    assertTrue(obj.endsWith(": h: expected an array of K numbers, found an object"), obj);
  }

  @Test
  void messagesQuoteAtMostAnExcerptOfAValue() throws Exception {
    String secret = "s3cr3t-".repeat(100);
    String name =
        readError(
            "name.json", "{\"name\": 7, \"h\": [1], \"T\": [\"" + secret + "\"], \"d\": [1]}");
    assertTrue(name.endsWith(": name: expected a non-empty string, found 7"), name);
    String longValue =
        readError(
            "long.json", "{\"name\": \"x\", \"h\": [1], \"T\": [\"" + secret + "\"], \"d\": [1]}");
    assertTrue(
        longValue.endsWith(
            ": T[0]: expected a number, found the string \"s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr..."),
        longValue);
    String token = readError("token.json", "{\"name\": \"x\", \"h\": [" + secret + "]}");
    assertTrue(token.length() < 400, token);
    assertFalse(token.contains(secret.substring(0, 100)), token);
    String target =
        readError(
            "target2.json",
            "{\"name\": \"x\", \"target\": [1, 2], \"h\": [1], \"T\": [1], \"d\": [1]}");
    assertTrue(
        target.endsWith(
            ": target: expected a target function name (one of "
                + TargetFunction.allowed()
                + ") or null, found an array of 2 values"),
        target);
  }

  @Test
  void foldersAndNonTextAreRefused() throws Exception {
    Path sub = Files.createDirectories(dir.resolve("folder.json"));
    assertEquals(
        sub + ": expected a coefficient JSON file, found a folder",
        assertThrows(UserInputException.class, () -> CoefficientSets.resolve(sub.toString()))
            .getMessage());
    Path bin = dir.resolve("bin.json");
    Files.write(bin, new byte[] {'{', (byte) 0xff, (byte) 0xfe, 0, 1, '}'});
    assertEquals(
        bin + ": expected a coefficient file in UTF-8 JSON, found bytes that are not UTF-8 text",
        assertThrows(UserInputException.class, () -> CoefficientFiles.read(bin)).getMessage());
  }
}
