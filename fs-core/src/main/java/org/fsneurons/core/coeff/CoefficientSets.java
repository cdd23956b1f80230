package org.fsneurons.core.coeff;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.fsneurons.core.UserInputException;
import org.fsneurons.core.neuron.FsParams;

/**
 * The bundled coefficient sets (resources under {@code org/fsneurons/core/coeffs/}) and
 * name-or-file resolution.
 *
 * <p>Bundled: {@code relu}, {@code sigmoid}, {@code swish} exactly as the official repository's
 * {@code fs_weights.py} (Stöckl &amp; Maass 2021), plus the sets fitted by this project that ship
 * with it (listed by {@link #bundledNames()}).
 */
public final class CoefficientSets {
  private static final String DIR = "/org/fsneurons/core/coeffs/";
  private static final String INDEX = DIR + "index.txt";

  private CoefficientSets() {}

  /** Names of the bundled sets, in the order of the bundled index. */
  public static List<String> bundledNames() {
    try (InputStream in = CoefficientSets.class.getResourceAsStream(INDEX)) {
      if (in == null) {
        throw new IllegalStateException("bundled coefficient index missing: " + INDEX);
      }
      List<String> names = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        String l = line.strip();
        if (!l.isEmpty() && !l.startsWith("#")) {
          names.add(l);
        }
      }
      return names;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A bundled set by name. */
  public static CoefficientSet bundled(String name) {
    if (!bundledNames().contains(name)) {
      throw new UserInputException(
          "unknown coefficient set '"
              + name
              + "'; bundled sets: "
              + String.join(", ", bundledNames()));
    }
    try (InputStream in = CoefficientSets.class.getResourceAsStream(DIR + name + ".json")) {
      if (in == null) {
        throw new IllegalStateException("bundled coefficient set missing: " + DIR + name + ".json");
      }
      return CoefficientFiles.parse(
          new String(in.readAllBytes(), StandardCharsets.UTF_8), "bundled:" + name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Resolves a bundled set name or a path to a coefficient JSON file. An unknown name that is not a
   * file is reported in one line listing the bundled sets.
   */
  public static CoefficientSet resolve(String nameOrFile) {
    if (bundledNames().contains(nameOrFile)) {
      return bundled(nameOrFile);
    }
    if (nameOrFile.isBlank()) { // Path.of("") is the working folder
      throw new UserInputException(
          "coefficient set: expected a bundled set ("
              + String.join(", ", bundledNames())
              + ") or a JSON file, found an empty value");
    }
    Path p = Path.of(nameOrFile);
    if (Files.isRegularFile(p) || Files.isDirectory(p)) {
      return CoefficientFiles.read(p); // a folder: one line saying so
    }
    throw new UserInputException(
        "unknown coefficient set '"
            + nameOrFile
            + "': not a bundled set ("
            + String.join(", ", bundledNames())
            + ") and no such file");
  }

  /**
   * The FS-ReLU of the paper with scale alpha and K steps: h[t] = T[t] = d[t] = alpha·2^-(t+1). It
   * represents inputs in (0, alpha) with a binary code of K bits (resolution alpha·2^-K).
   */
  public static CoefficientSet relu(double alpha, int k) {
    if (!(alpha > 0) || Double.isInfinite(alpha)) {
      throw new IllegalArgumentException(
          "FS-ReLU alpha must be positive and finite, found " + alpha);
    }
    if (k < 1 || k > 30) {
      throw new IllegalArgumentException("FS-ReLU K must be in 1..30, found " + k);
    }
    float[] v = new float[k];
    for (int t = 0; t < k; t++) {
      v[t] = (float) (alpha * Math.pow(2, -(t + 1)));
    }
    Map<String, Object> prov = new LinkedHashMap<>();
    prov.put("source", "FS-ReLU of Stoeckl & Maass 2021: h=T=d=alpha*2^-(t+1)");
    prov.put("alpha", alpha);
    return new CoefficientSet(
        k == 10 && alpha == 25 ? "relu" : "relu_a" + fmt(alpha) + "_k" + k,
        TargetFunction.RELU,
        new FsParams(v, v.clone(), v.clone()),
        prov);
  }

  private static String fmt(double a) {
    String s = String.format(Locale.ROOT, "%.6g", a);
    if (s.contains(".") && !s.contains("e")) {
      s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
    return s;
  }
}
