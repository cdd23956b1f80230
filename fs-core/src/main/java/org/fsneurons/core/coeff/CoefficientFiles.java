package org.fsneurons.core.coeff;

import com.fasterxml.jackson.core.ErrorReportConfiguration;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
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
 * Floats are written in their shortest decimal form that reads back to the same float32, so a file
 * round-trips unchanged. {@code target} may be omitted (null) for a set fitted to samples.
 */
public final class CoefficientFiles {
  public static final String FORMAT = "fsneurons-coefficients/1";
  private static final Set<String> KEYS =
      Set.of("format", "name", "target", "k", "h", "T", "d", "provenance");

  /** Largest coefficient file read (a set with K = 100000 steps takes about 6 MB). */
  public static final long MAX_BYTES = 64L << 20;

  /** Longest piece of a value quoted back in a message. */
  private static final int MAX_ECHO = 40;

  private static final ObjectMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder()
                  // Jackson quotes offending tokens and raw input in its messages: keep that to a
                  // short excerpt
                  .errorReportConfiguration(
                      ErrorReportConfiguration.builder()
                          .maxErrorTokenLength(MAX_ECHO)
                          .maxRawContentLength(0)
                          .build())
                  .build())
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          // one JSON object and nothing after it; numbers are never coerced (12.5 is not the
          // integer 12)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          .build();

  private CoefficientFiles() {}

  /**
   * Reads a coefficient file; any problem is a {@link UserInputException} naming the file and the
   * field.
   */
  public static CoefficientSet read(Path file) {
    if (Files.isDirectory(file)) {
      throw new UserInputException(file + ": expected a coefficient JSON file, found a folder");
    }
    String text;
    try {
      long size = Files.size(file);
      if (size > MAX_BYTES) {
        throw new UserInputException(
            file
                + ": expected a coefficient file of at most "
                + (MAX_BYTES >> 20)
                + " MiB, found "
                + size
                + " bytes");
      }
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(Files.readAllBytes(file)))
              .toString();
    } catch (CharacterCodingException e) {
      throw new UserInputException(
          file
              + ": expected a coefficient file in UTF-8 JSON, found bytes that are not "
              + "UTF-8 text",
          e);
    } catch (IOException e) {
      throw new UserInputException(
          file + ": cannot read coefficient file (" + e.getMessage() + ")", e);
    }
    return parse(text, file.toString());
  }

  /**
   * Parses coefficient JSON; {@code where} names the source in error messages. An error names the
   * place (line:col for syntax, the JSON path such as {@code h[3]} for content), what was expected
   * and what was found, quoting at most a short excerpt of the value.
   */
  public static CoefficientSet parse(String json, String where) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      var loc = e.getLocation();
      String at =
          loc == null || loc.getLineNr() < 1 ? "" : ":" + loc.getLineNr() + ":" + loc.getColumnNr();
      throw new UserInputException(
          where
              + at
              + ": not valid JSON ("
              + oneLine(e.getOriginalMessage())
              + "); expected one coefficient JSON object",
          e);
    }
    if (root == null || root.isMissingNode() || !root.isObject()) {
      throw new UserInputException(
          where
              + ": expected a JSON object with keys format, name, target, k, h, T, d, "
              + "provenance, found "
              + (root == null || root.isMissingNode() ? "an empty file" : found(root)));
    }
    root.fieldNames()
        .forEachRemaining(
            k -> {
              if (!KEYS.contains(k)) {
                throw new UserInputException(
                    where
                        + ": unknown key '"
                        + excerpt(k)
                        + "'; allowed: format, name, target, k, h, T, d, provenance");
              }
            });
    JsonNode format = root.get("format");
    if (format != null && !FORMAT.equals(format.asText())) {
      throw new UserInputException(
          where + ": format: expected \"" + FORMAT + "\", found " + found(format));
    }
    String name = text(root, "name", where);
    TargetFunction target = null;
    JsonNode t = root.get("target");
    if (t != null && !t.isNull()) {
      if (!t.isTextual()) {
        throw new UserInputException(
            where
                + ": target: expected a target function name (one of "
                + TargetFunction.allowed()
                + ") or null, found "
                + found(t));
      }
      try {
        target = TargetFunction.parse(t.asText());
      } catch (UserInputException e) {
        throw new UserInputException(
            where
                + ": 'target': unknown target function '"
                + excerpt(t.asText())
                + "'; known: "
                + TargetFunction.allowed(),
            e);
      }
    }
    float[] h = floats(root, "h", where);
    float[] tt = floats(root, "T", where);
    float[] d = floats(root, "d", where);
    if (tt.length != h.length || d.length != h.length) {
      throw new UserInputException(
          where
              + ": h, T, d: expected arrays of the same length K, found h="
              + h.length
              + ", T="
              + tt.length
              + ", d="
              + d.length);
    }
    if (h.length == 0) {
      throw new UserInputException(
          where
              + ": h: expected at least one value (K >= 1 time steps), found an empty "
              + "array");
    }
    JsonNode k = root.get("k");
    if (k != null) {
      if (!k.isIntegralNumber() || !k.canConvertToInt()) {
        throw new UserInputException(
            where
                + ": k: expected a whole number of time steps ("
                + h.length
                + ", the length of h), found "
                + found(k));
      }
      if (k.intValue() != h.length) {
        throw new UserInputException(
            where + ": k: expected " + h.length + " (the number of values in h), found " + k);
      }
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
        throw new UserInputException(where + ": provenance: expected an object, found " + found(p));
      }
      prov = MAPPER.convertValue(p, new TypeReference<LinkedHashMap<String, Object>>() {});
    }
    return new CoefficientSet(name, target, params, prov);
  }

  private static String text(JsonNode root, String key, String where) {
    JsonNode n = root.get(key);
    if (n == null || !n.isTextual() || n.asText().isBlank()) {
      throw new UserInputException(
          where + ": " + key + ": expected a non-empty string, found " + found(n));
    }
    return n.asText();
  }

  private static float[] floats(JsonNode root, String key, String where) {
    JsonNode n = root.get(key);
    if (n == null || !n.isArray()) {
      throw new UserInputException(
          where + ": " + key + ": expected an array of K numbers, found " + found(n));
    }
    float[] f = new float[n.size()];
    for (int i = 0; i < f.length; i++) {
      JsonNode e = n.get(i);
      if (!e.isNumber()) {
        throw new UserInputException(
            where + ": " + key + "[" + i + "]: expected a number, found " + found(e));
      }
      f[i] = e.floatValue();
      if (!Float.isFinite(f[i])) {
        throw new UserInputException(
            where
                + ": "
                + key
                + "["
                + i
                + "]: expected a finite float32 (magnitude at "
                + "most "
                + Float.MAX_VALUE
                + "), found "
                + found(e));
      }
    }
    return f;
  }

  /** What a node is, for messages: its kind, and for a scalar a short excerpt of its value. */
  static String found(JsonNode n) {
    if (n == null || n.isMissingNode()) {
      return "nothing (the key is missing)";
    }
    if (n.isObject()) {
      return "an object";
    }
    if (n.isArray()) {
      return "an array of " + n.size() + (n.size() == 1 ? " value" : " values");
    }
    if (n.isTextual()) {
      return "the string " + excerpt(n.toString());
    }
    return excerpt(n.toString()); // number, boolean, null
  }

  private static String excerpt(String s) {
    String one = oneLine(s);
    return one.length() <= MAX_ECHO ? one : one.substring(0, MAX_ECHO) + "...";
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("[\\r\\n\\t]+", " ").strip();
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
