package org.fsneurons.core.coeff;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.fsneurons.core.Sha256;
import org.fsneurons.core.UserInputException;
import org.fsneurons.core.neuron.FsParams;

/**
 * The coefficient file format (JSON), read and written here:
 *
 * <pre>
 * {
 *   "format": "fsneurons-coefficients/1",
 *   "name": "swish",
 *   "target": "swish",
 *   "k": 16,
 *   "h": [ ... K float32 values ... ],
 *   "T": [ ... ],
 *   "d": [ ... ],
 *   "provenance": { "source": "...", ... free-form, ordered ... }
 * }
 * </pre>
 *
 * Floats are written in their shortest decimal form that reads back to the same float32, so a file round-trips
 * unchanged. {@code target} may be omitted (null) for a set fitted to samples.
 */
public final class CoefficientFiles {
  public static final String FORMAT = "fsneurons-coefficients/1";
  private static final Set<String> KEYS = Set.of("format", "name", "target", "k", "h", "T", "d", "provenance");
  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private CoefficientFiles() {}

  /** Reads a coefficient file; any problem is a {@link UserInputException} naming the file and the field. */
  public static CoefficientSet read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UserInputException(file + ": cannot read coefficient file (" + e.getMessage() + ")", e);
    }
    return parse(text, file.toString());
  }

  /** Parses coefficient JSON; {@code where} names the source in error messages. */
  public static CoefficientSet parse(String json, String where) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      var loc = e.getLocation();
      String at = loc == null ? "" : ":" + loc.getLineNr() + ":" + loc.getColumnNr();
      throw new UserInputException(
          where + at + ": not valid JSON (" + e.getOriginalMessage() + "); expected a coefficient file", e);
    }
    if (root == null || !root.isObject()) {
      throw new UserInputException(where + ": expected a JSON object with keys " + KEYS + ", found "
          + (root == null ? "nothing" : root.getNodeType()));
    }
    root.fieldNames().forEachRemaining(k -> {
      if (!KEYS.contains(k)) {
        throw new UserInputException(where + ": unknown key '" + k + "'; allowed: format, name, target, k, h, T, d, provenance");
      }
    });
    JsonNode format = root.get("format");
    if (format != null && !FORMAT.equals(format.asText())) {
      throw new UserInputException(where + ": 'format' must be \"" + FORMAT + "\", found " + format);
    }
    String name = text(root, "name", where);
    TargetFunction target = null;
    JsonNode t = root.get("target");
    if (t != null && !t.isNull()) {
      try {
        target = TargetFunction.parse(t.asText());
      } catch (UserInputException e) {
        throw new UserInputException(where + ": 'target': " + e.getMessage(), e);
      }
    }
    float[] h = floats(root, "h", where);
    float[] tt = floats(root, "T", where);
    float[] d = floats(root, "d", where);
    JsonNode k = root.get("k");
    if (k != null && (!k.canConvertToInt() || k.asInt() != h.length)) {
      throw new UserInputException(where + ": 'k' is " + k + " but 'h' has " + h.length + " values");
    }
    FsParams params;
    try {
      params = new FsParams(h, tt, d);
    } catch (IllegalArgumentException e) {
      throw new UserInputException(where + ": " + e.getMessage(), e);
    }
    Map<String, Object> prov = new LinkedHashMap<>();
    JsonNode p = root.get("provenance");
    if (p != null && !p.isNull()) {
      if (!p.isObject()) {
        throw new UserInputException(where + ": 'provenance' must be an object, found " + p.getNodeType());
      }
      prov = MAPPER.convertValue(p, new TypeReference<LinkedHashMap<String, Object>>() {});
    }
    return new CoefficientSet(name, target, params, prov);
  }

  private static String text(JsonNode root, String key, String where) {
    JsonNode n = root.get(key);
    if (n == null || !n.isTextual() || n.asText().isBlank()) {
      throw new UserInputException(where + ": '" + key + "' must be a non-empty string, found " + n);
    }
    return n.asText();
  }

  private static float[] floats(JsonNode root, String key, String where) {
    JsonNode n = root.get(key);
    if (n == null || !n.isArray()) {
      throw new UserInputException(where + ": '" + key + "' must be an array of numbers, found " + n);
    }
    float[] f = new float[n.size()];
    for (int i = 0; i < f.length; i++) {
      JsonNode e = n.get(i);
      if (!e.isNumber()) {
        throw new UserInputException(where + ": '" + key + "'[" + i + "] must be a number, found " + e);
      }
      f[i] = e.floatValue();
    }
    return f;
  }

  /** The JSON text of a set (stable: same set, same bytes). */
  public static String toJson(CoefficientSet set) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format", FORMAT);
    root.put("name", set.name());
    if (set.target() == null) {
      root.putNull("target");
    } else {
      root.put("target", set.target().id());
    }
    root.put("k", set.k());
    putFloats(root.putArray("h"), set.params().h());
    putFloats(root.putArray("T"), set.params().T());
    putFloats(root.putArray("d"), set.params().d());
    root.set("provenance", MAPPER.valueToTree(set.provenance()));
    try {
      return MAPPER.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise coefficient set " + set.name(), e);
    }
  }

  private static void putFloats(ArrayNode a, float[] v) {
    for (float f : v) {
      a.add(f);
    }
  }

  /** Writes a set to a file (parent folders created). */
  public static void write(CoefficientSet set, Path file) {
    try {
      if (file.toAbsolutePath().getParent() != null) {
        Files.createDirectories(file.toAbsolutePath().getParent());
      }
      Files.writeString(file, toJson(set), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write coefficient file " + file, e);
    }
  }

  /** SHA-256 (hex) of the set's JSON text: identifies the exact coefficients in run records. */
  public static String sha256(CoefficientSet set) {
    return Sha256.hex(toJson(set).getBytes(StandardCharsets.UTF_8));
  }
}
