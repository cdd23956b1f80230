package org.fsneurons.experiments.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.fsneurons.core.UserInputException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads and validates experiments.yaml. Every mistake becomes one {@link UserInputException} line of the form
 * {@code experiments.yaml:14:5: unknown key 'dataset_dir' in experiment 'fmnist'; allowed: name, kind, ...} or
 * {@code experiments.yaml:9:13: 'points' in experiment 'swish' must be an integer, found 'many'}.
 *
 * <p>Three passes over the (small) text: a plain tree for YAML syntax and experiment names; a lenient pass for each
 * experiment's {@code kind} and the {@code defaults}; a strict pass that binds each experiment from the parser to
 * the class of its kind ({@link ExperimentListDeserializer}), so that locations are exact and unknown keys are
 * reported with the keys allowed for that kind.
 */
public final class ExperimentsFile {
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  /** MLflow experiment of a file without {@code mlflow_experiment}. */
  public static final String DEFAULT_MLFLOW_EXPERIMENT = "fsneurons";
  static final long DEFAULT_SEED = 1;

  /**
   * Default largest experiments file read, in bytes (1 MiB; a real one is a few kB); see {@link #maxBytes()}. The
   * YAML scanner's time grows with the square of a scalar's length (5 MB in one quoted string: about a minute), so
   * the limit also bounds how long reading can take (1 MiB: a few seconds).
   */
  public static final long DEFAULT_MAX_BYTES = 1L << 20;
  /** System property (then environment variable {@code FS_YAML_MAX_BYTES}) that sets another limit in bytes. */
  public static final String MAX_BYTES_PROPERTY = "fsneurons.yaml.max_bytes";

  /** Strict binding mapper (snake_case keys, unknown keys fail, no float-to-int truncation). */
  static final ObjectMapper MAPPER =
      YAMLMapper.builder(YAMLFactory.builder().loaderOptions(loaderOptions()).build())
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
          .build();

  /** Writes resolved experiments back as YAML (block style, no document marker). */
  static final ObjectMapper YAML_OUT =
      YAMLMapper.builder(YAMLFactory.builder()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .build())
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .build();

  /** JSON mapper with the same naming, for tree copies. */
  static final ObjectMapper TREE = JsonMapper.builder()
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .build();

  private ExperimentsFile() {}

  /** First pass: kinds and defaults only. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  static final class Probe {
    public DefaultsSpec defaults;
    public List<KindProbe> experiments;
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  static final class KindProbe {
    public Kind kind;
  }

  /** SnakeYAML's own limit (3 MB of text by default) is replaced by {@link #maxBytes()}, checked before parsing. */
  private static LoaderOptions loaderOptions() {
    LoaderOptions o = new LoaderOptions();
    o.setCodePointLimit(Integer.MAX_VALUE);
    o.setAllowDuplicateKeys(false);
    return o;
  }

  /**
   * The largest experiments file read, in bytes: system property {@value #MAX_BYTES_PROPERTY}, else environment
   * variable {@code FS_YAML_MAX_BYTES}, else {@link #DEFAULT_MAX_BYTES}. A real experiments file is a few kB; the
   * limit keeps a huge or generated file from taking the parser's time and memory.
   */
  public static long maxBytes() {
    String v = System.getProperty(MAX_BYTES_PROPERTY);
    String from = "system property " + MAX_BYTES_PROPERTY;
    if (v == null) {
      v = System.getenv("FS_YAML_MAX_BYTES");
      from = "FS_YAML_MAX_BYTES";
    }
    if (v == null || v.isBlank()) {
      return DEFAULT_MAX_BYTES;
    }
    try {
      long n = Long.parseLong(v.strip());
      if (n < 1) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new UserInputException(from + ": expected a positive number of bytes, found '" + v + "'");
    }
  }

  private static UserInputException tooLarge(String where, long size, long max) {
    return new UserInputException(where + ": " + size + " bytes, more than the " + max + " bytes an experiments file"
        + " may have; a real one is a few kB (raise the limit with FS_YAML_MAX_BYTES if this one is meant)");
  }

  /** Reads and validates a file. */
  public static ExperimentsConfig load(Path file) {
    String text;
    try {
      if (Files.isDirectory(file)) {
        throw new UserInputException(file + ": expected an experiments YAML file, found a folder");
      }
      long max = maxBytes();
      long size = Files.size(file);
      if (size > max) {
        throw tooLarge(file.toString(), size, max);
      }
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new UserInputException(file + ": not UTF-8 text; expected an experiments YAML file", e);
    } catch (IOException e) {
      throw new UserInputException(file + ": cannot read experiments file (" + e.getMessage()
          + "); give an existing YAML file, e.g. experiments.yaml at the repository root");
    }
    return parse(text, file);
  }

  /** Longest message the loader reports; longer ones (a huge value quoted back) are shortened. */
  static final int MAX_MESSAGE = 1000;

  /** Parses and validates YAML text; {@code file} names it in messages and anchors relative paths. */
  public static ExperimentsConfig parse(String text, Path file) {
    try {
      return parseChecked(text, file);
    } catch (UserInputException e) {
      String m = oneLine(e.getMessage());
      if (m.equals(e.getMessage())) {
        throw e;
      }
      throw new UserInputException(m, e.getCause());
    }
  }

  /** A message on one line (line breaks of quoted values written as \n) of at most {@link #MAX_MESSAGE} chars. */
  static String oneLine(String m) {
    String s = m.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n");
    if (s.length() > MAX_MESSAGE) {
      s = s.substring(0, MAX_MESSAGE - 200) + " ... (" + (s.length() - MAX_MESSAGE + 150) + " characters left out) ... "
          + s.substring(s.length() - 150);
    }
    return s;
  }

  private static ExperimentsConfig parseChecked(String text, Path file) {
    String where = file.toString();
    long max = maxBytes();
    if (text.length() > max) {
      throw tooLarge(where, text.getBytes(StandardCharsets.UTF_8).length, max);
    }
    JsonNode tree;
    try {
      refuseAliases(text, where);
      tree = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw error(e, where, null, text);
    }
    if (tree == null || tree.isMissingNode() || tree.isNull()) {
      throw new UserInputException(where + ": empty file; expected a mapping with 'experiments:' (a list)");
    }
    if (!tree.isObject()) {
      throw new UserInputException(where + ":1:1: expected a mapping with keys mlflow_experiment, seed, defaults,"
          + " experiments; found " + describe(tree));
    }
    List<String> names = new ArrayList<>();
    JsonNode list = tree.get("experiments");
    if (list != null && list.isArray()) {
      for (JsonNode e : list) {
        JsonNode n = e.get("name");
        names.add(n != null && n.isValueNode() && !n.isNull() ? n.asText() : null);
      }
    }
    Probe probe;
    ExperimentsDocument doc;
    try {
      probe = MAPPER.readValue(text, Probe.class);
      List<Kind> kinds = new ArrayList<>();
      if (probe.experiments != null) {
        probe.experiments.forEach(k -> kinds.add(k == null ? null : k.kind));
      }
      doc = MAPPER.readerFor(ExperimentsDocument.class)
          .withAttribute(ExperimentListDeserializer.KINDS, kinds)
          .withAttribute(ExperimentListDeserializer.NAMES, names)
          .withAttribute(ExperimentListDeserializer.DEFAULTS, probe.defaults)
          .readValue(text);
    } catch (JsonProcessingException e) {
      throw error(e, where, tree, text);
    }
    return validate(doc, file);
  }

  /**
   * Jackson's YAML parser does not resolve aliases: {@code [&a x, *a]} would read as {@code [x, a]}. Rather than
   * silently reading the anchor's name as a value, an alias is refused where it stands; so are explicit tags
   * ({@code !!binary}) and a second document (which the reader would silently drop).
   */
  private static void refuseAliases(String text, String where) throws JsonProcessingException {
    try (JsonParser p = MAPPER.getFactory().createParser(text)) {
      YAMLParser y = (YAMLParser) p;
      int depth = 0;
      boolean rootDone = false;
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        if (rootDone) {
          JsonLocation at = p.currentTokenLocation();
          throw new UserInputException(where + ":" + at.getLineNr() + ":" + at.getColumnNr() + ": a second YAML"
              + " document; an experiments file is one document (remove the '---' and what follows, or merge it)");
        }
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
          depth++;
        } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
          depth--;
        }
        rootDone = depth == 0;
        if (t != JsonToken.FIELD_NAME && t != JsonToken.END_OBJECT && t != JsonToken.END_ARRAY
            && y.getTypeId() != null) {
          JsonLocation at = p.currentTokenLocation();
          throw new UserInputException(where + ":" + at.getLineNr() + ":" + at.getColumnNr() + ": YAML tag '!"
              + y.getTypeId() + "' is not supported; write a plain value");
        }
        if (y.isCurrentAlias()) {
          JsonLocation at = p.currentTokenLocation();
          throw new UserInputException(where + ":" + at.getLineNr() + ":" + at.getColumnNr() + ": YAML alias '*"
              + p.getText() + "' is not supported (anchors and aliases are not resolved here); write the value out"
              + " in full");
        }
      }
    } catch (IOException e) {
      if (e instanceof JsonProcessingException j) {
        throw j;
      }
      throw new UserInputException(where + ": cannot read YAML (" + e.getMessage() + ")", e);
    }
  }

  // ---------------------------------------------------------------------------------------------- validation

  private static ExperimentsConfig validate(ExperimentsDocument doc, Path file) {
    String where = file.toString();
    String mlflow = doc.mlflowExperiment == null ? DEFAULT_MLFLOW_EXPERIMENT : doc.mlflowExperiment.strip();
    if (mlflow.isEmpty()) {
      throw new UserInputException(where + ": 'mlflow_experiment' must not be empty (default: fsneurons)");
    }
    if (doc.defaults != null) {
      for (Kind k : Kind.values()) {
        ExperimentSpec d = doc.defaults.of(k);
        if (d != null && d.name != null) {
          throw new UserInputException(where + ": defaults." + k.id() + " sets 'name'; names belong to experiments");
        }
      }
    }
    if (doc.experiments == null || doc.experiments.isEmpty()) {
      throw new UserInputException(where + ": no experiments; expected 'experiments:' with a list of"
          + " experiments (name, kind, ...)");
    }
    Map<String, ExperimentSpec> seen = new HashMap<>();
    Map<String, List<Expectation>> expectations = new LinkedHashMap<>();
    for (ExperimentSpec e : doc.experiments) {
      String at = e.where(where);
      if (e.name == null || e.name.isBlank()) {
        throw new UserInputException(at + ": experiment without 'name'; every experiment needs a unique name");
      }
      if (!NAME.matcher(e.name).matches()) {
        throw new UserInputException(at + ": experiment name '" + e.name
            + "' may contain only letters, digits, '.', '_' and '-' (and must start with a letter or digit)");
      }
      ExperimentSpec first = seen.putIfAbsent(e.name, e);
      if (first != null) {
        throw new UserInputException(at + ": duplicate experiment name '" + e.name + "' (first at line "
            + first.line + ")");
      }
      String in = at + ": experiment '" + e.name + "': ";
      if (e.tags != null) {
        for (String t : e.tags) {
          if (t == null || !NAME.matcher(t).matches()) {
            throw new UserInputException(in + "tag '" + t + "' may contain only letters, digits, '.', '_', '-'");
          }
        }
      }
      List<Expectation> ex = new ArrayList<>();
      if (e.expect != null) {
        for (Map.Entry<String, ExpectSpec> m : e.expect.entrySet()) {
          ExpectSpec s = m.getValue();
          String pos = s != null && s.line > 0 ? where + ":" + s.line + ":" + s.column : at;
          if (!Metrics.known(e.kind, m.getKey())) {
            throw new UserInputException(pos + ": unknown metric '" + m.getKey() + "' in expect of experiment '"
                + e.name + "'; a " + e.kind.id() + " experiment reports " + Metrics.allowed(e.kind));
          }
          try {
            ex.add(Expectation.of(m.getKey(), m.getValue()));
          } catch (IllegalArgumentException bad) {
            throw new UserInputException(pos + ": experiment '" + e.name + "': expect '" + m.getKey() + "': "
                + bad.getMessage());
          }
        }
      }
      expectations.put(e.name, ex);
      try {
        checkStrings(e);
        switch (e.kind) {
          case APPROXIMATION -> checkApproximation((ApproximationSpec) e);
          case NEURONS -> checkNeurons((NeuronsSpec) e);
          case ACCURACY -> checkAccuracy((AccuracySpec) e);
          case FIT -> checkFit((FitSpec) e);
          case BENCH -> checkBench((BenchSpec) e);
        }
      } catch (IllegalArgumentException bad) {
        throw new UserInputException(in + bad.getMessage());
      }
    }
    long seed = doc.seed == null ? DEFAULT_SEED : doc.seed;
    return new ExperimentsConfig(file, mlflow, seed, doc.experiments, expectations);
  }

  /** Every string value must have well-formed ${...} references. */
  private static void checkStrings(ExperimentSpec e) {
    JsonNode tree = TREE.valueToTree(e);
    tree.fields().forEachRemaining(f -> checkStrings(f.getKey(), f.getValue()));
  }

  private static void checkStrings(String key, JsonNode n) {
    if (n.isTextual()) {
      try {
        Interpolation.checkSyntax(n.asText());
      } catch (IllegalArgumentException bad) {
        throw new IllegalArgumentException("'" + key + "': " + bad.getMessage());
      }
    } else if (n.isContainerNode()) {
      if (n.isObject()) {
        n.fields().forEachRemaining(f -> checkStrings(key + "." + f.getKey(), f.getValue()));
      } else {
        for (int i = 0; i < n.size(); i++) {
          checkStrings(key + "[" + i + "]", n.get(i));
        }
      }
    }
  }

  private static void checkApproximation(ApproximationSpec a) {
    require(a.coeffs, "coeffs", "a bundled set name (relu, sigmoid, swish, ...) or a coefficient JSON file");
    checkPoints(a.uniform, a.points, a.normal, a.samples);
  }

  private static void checkPoints(List<Double> uniform, Integer points, List<Double> normal, Integer samples) {
    if ((uniform == null) == (normal == null)) {
      throw new IllegalArgumentException("give exactly one of 'uniform: [lo, hi]' (with 'points') or"
          + " 'normal: [mean, std]' (with 'samples')");
    }
    if (uniform != null) {
      pair("uniform", "[lo, hi]", uniform);
      if (!(uniform.get(0) < uniform.get(1))) {
        throw new IllegalArgumentException("'uniform' needs lo < hi, found " + uniform);
      }
      if (samples != null) {
        throw new IllegalArgumentException("'samples' goes with 'normal'; use 'points' with 'uniform'");
      }
      Setting.POINTS.yaml(points);
    } else {
      pair("normal", "[mean, std]", normal);
      if (!(normal.get(1) > 0)) {
        throw new IllegalArgumentException("'normal' needs std > 0, found " + normal);
      }
      if (points != null) {
        throw new IllegalArgumentException("'points' goes with 'uniform'; use 'samples' with 'normal'");
      }
      Setting.SAMPLES.yaml(samples);
    }
  }

  private static void pair(String key, String form, List<Double> v) {
    if (v.size() != 2 || v.contains(null) || !v.stream().allMatch(Double::isFinite)) {
      throw new IllegalArgumentException("'" + key + "' must be two finite numbers " + form + ", found " + v);
    }
  }

  private static void checkNeurons(NeuronsSpec n) {
    if ((n.arch == null) == (n.model == null)) {
      throw new IllegalArgumentException("give exactly one of 'arch' (a built-in architecture) or 'model' (an ONNX"
          + " file)");
    }
    if (n.input != null) {
      if (n.arch == null) {
        throw new IllegalArgumentException("'input' goes with 'arch'; an ONNX model declares its own input");
      }
      if (n.input.isEmpty() || n.input.stream().anyMatch(d -> d == null || d < 1)) {
        throw new IllegalArgumentException("'input' must be positive sizes [height, width, channels], e.g."
            + " [32, 32, 3], found " + n.input);
      }
    }
    checkMap(n.map);
  }

  private static void checkAccuracy(AccuracySpec a) {
    require(a.model, "model", "an ONNX file (may use ${VAR})");
    require(a.dataset, "dataset", "NAME:SPLIT[:COUNT], e.g. fashion-mnist:test:1000");
    checkMap(a.map);
    body(a.body);
    Setting.LIMIT.yaml(a.limit);
    Setting.BATCH.yaml(a.batch);
    Setting.RELU_K.yaml(a.reluK);
    Setting.PERCENTILE.yaml(a.percentile);
    if (a.calibrate != null && a.calibrate < 0) {
      throw new IllegalArgumentException("'calibrate' must be >= 0 images, found " + a.calibrate);
    }
    if (a.percentile != null && (a.calibrate == null || a.calibrate == 0)) {
      throw new IllegalArgumentException("'percentile' goes with 'calibrate: N' (a percentile of the calibration"
          + " images' inputs)");
    }
  }

  private static void checkFit(FitSpec f) {
    require(f.target, "target", "a target function");
    if (f.k == null) {
      throw new IllegalArgumentException("missing 'k': a number of time steps K in 1..63");
    }
    Setting.K.yaml(f.k);
    checkPoints(f.uniform, f.points, f.normal, f.samples);
    Setting.RESTARTS.yaml(f.restarts);
    Setting.TIME_LIMIT.yaml(f.timeLimit);
  }

  private static void checkBench(BenchSpec b) {
    int given = (b.layer != null ? 1 : 0) + (b.model != null ? 1 : 0) + (b.arch != null ? 1 : 0);
    if (given != 1) {
      throw new IllegalArgumentException("give exactly one of 'layer', 'model' or 'arch'");
    }
    Setting.BATCH.yaml(b.batch);
    Setting.WARMUP.yaml(b.warmup);
    Setting.RUNS.yaml(b.runs);
    body(b.body);
  }

  private static void checkMap(Map<String, String> map) {
    if (map != null) {
      map.forEach((op, set) -> {
        if (set == null || set.isBlank()) {
          throw new IllegalArgumentException("'map' entry '" + op + "' needs a coefficient set name or 'keep'");
        }
      });
    }
  }

  private static void body(String body) {
    if (body != null && !body.contains("${")) {
      try {
        Body.parse(body);
      } catch (UserInputException bad) {
        throw new IllegalArgumentException("'body': " + bad.getMessage());
      }
    }
  }

  private static void require(String v, String key, String what) {
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("missing '" + key + "': " + what);
    }
  }

  // ---------------------------------------------------------------------------------------------- defaults

  /** A fresh copy of the kind's defaults (or an empty instance), to be updated by the experiment's own keys. */
  static ExperimentSpec defaultsCopy(DefaultsSpec defaults, Kind kind) {
    ExperimentSpec d = defaults == null ? null : defaults.of(kind);
    try {
      if (d == null) {
        return kind.specClass().getDeclaredConstructor().newInstance();
      }
      return TREE.treeToValue(TREE.valueToTree(d), kind.specClass());
    } catch (ReflectiveOperationException | JsonProcessingException e) {
      throw new IllegalStateException("cannot copy defaults of " + kind.id(), e);
    }
  }

  // ---------------------------------------------------------------------------------------------- errors

  /** One-line user error for a Jackson problem: location, context, what was expected and found. */
  static UserInputException error(JsonProcessingException e, String where, JsonNode tree, String text) {
    JsonLocation loc = e.getLocation();
    int line = loc == null ? 0 : loc.getLineNr();
    int col = loc == null ? 0 : loc.getColumnNr();
    String at = where + (line > 0 ? ":" + line + ":" + col : "");
    if (!(e instanceof JsonMappingException jm)) {
      String msg = e.getOriginalMessage().lines().findFirst().orElse("");
      java.util.regex.Matcher dup = Pattern.compile("Duplicate field '(.*)'").matcher(msg);
      if (dup.find()) {
        // the parser stops right after the repeated key: search that whole line
        return new UserInputException(keyAt(where, text, line, Integer.MAX_VALUE, dup.group(1)) + ": duplicate key '"
            + dup.group(1) + "'; each key may appear once per mapping", e);
      }
      if (e.getCause() instanceof MarkedYAMLException y && y.getProblemMark() != null) {
        String ctx = y.getContext() == null ? "" : " (" + y.getContext() + ")";
        return new UserInputException(where + ":" + (y.getProblemMark().getLine() + 1) + ":"
            + (y.getProblemMark().getColumn() + 1) + ": not valid YAML: " + y.getProblem() + ctx, e);
      }
      return new UserInputException(at + ": not valid YAML (" + msg + ")", e);
    }
    if (e instanceof ConfigProblem) {
      return new UserInputException(at + ": " + e.getOriginalMessage(), e);
    }
    List<JsonMappingException.Reference> path = jm.getPath();
    String context = context(path, tree);
    if (e instanceof UnrecognizedPropertyException u) {
      String allowed = allowed(u.getReferringClass(), u.getKnownPropertyIds());
      return new UserInputException(keyAt(where, text, line, col, u.getPropertyName()) + ": unknown key '"
          + u.getPropertyName() + "'" + context + "; allowed: " + allowed, e);
    }
    String key = key(path);
    if (e instanceof InvalidFormatException f && f.getTargetType() == Kind.class) {
      return new UserInputException(at + ": unknown kind '" + f.getValue() + "'" + context + "; allowed: "
          + Kind.allowed(), e);
    }
    if (e instanceof MismatchedInputException m) {
      JsonNode found = tree == null ? null : at(tree, path);
      String foundText = found != null ? describe(found)
          : e instanceof InvalidFormatException f ? "'" + f.getValue() + "'" : "something else";
      String subject = key == null ? "the file" : "'" + key + "'";
      return new UserInputException(at + ": " + subject + context + " must be " + expected(m.getTargetType())
          + ", found " + foundText, e);
    }
    return new UserInputException(at + ": " + e.getOriginalMessage().lines().findFirst().orElse("") + context, e);
  }

  /**
   * {@code file:line:column} of a key. Jackson's YAML parser reports the position after the key's value; the key
   * itself is the last occurrence of {@code key:} before that position (on that line or the lines above).
   */
  static String keyAt(String where, String text, int line, int col, String key) {
    if (line <= 0 || text == null) {
      return where;
    }
    String[] lines = text.split("\\R", -1);
    Pattern p = Pattern.compile("(?:^|[\\s{,])([\"']?)" + Pattern.quote(key) + "\\1\\s*:(?:\\s|$)");
    for (int l = Math.min(line, lines.length); l >= 1 && l > line - 50; l--) {
      String s = l == line ? lines[l - 1].substring(0, Math.min(Math.max(col - 1, 0), lines[l - 1].length()))
          : lines[l - 1];
      java.util.regex.Matcher m = p.matcher(s);
      int found = -1;
      while (m.find()) {
        found = m.start(1);
      }
      if (found >= 0) {
        return where + ":" + l + ":" + (found + 1);
      }
    }
    return where + ":" + line + ":" + col;
  }

  private static String context(List<JsonMappingException.Reference> path, JsonNode tree) {
    if (path.isEmpty()) {
      return " at the top level";
    }
    String first = path.get(0).getFieldName();
    if ("experiments".equals(first) && path.size() > 1 && path.get(1).getIndex() >= 0) {
      int i = path.get(1).getIndex();
      String name = null;
      if (tree != null && tree.path("experiments").path(i).path("name").isValueNode()) {
        name = tree.path("experiments").path(i).path("name").asText();
      }
      String exp = name == null ? "experiment #" + (i + 1) : "experiment '" + name + "'";
      if (path.size() > 3 && "expect".equals(path.get(2).getFieldName())) {
        return " in expect '" + path.get(3).getFieldName() + "' of " + exp;
      }
      return " in " + exp;
    }
    if ("defaults".equals(first)) {
      if (path.size() > 1 && path.get(1).getFieldName() != null) {
        return " in defaults." + path.get(1).getFieldName();
      }
      return " in defaults";
    }
    return path.size() == 1 ? " at the top level" : "";
  }

  /** The innermost key (with list indices), e.g. {@code uniform[1]}; null at the root. */
  private static String key(List<JsonMappingException.Reference> path) {
    String key = null;
    StringBuilder idx = new StringBuilder();
    for (JsonMappingException.Reference r : path) {
      if (r.getFieldName() != null) {
        key = r.getFieldName();
        idx.setLength(0);
      } else if (r.getIndex() >= 0 && key != null && !"experiments".equals(key)) {
        idx.append('[').append(r.getIndex()).append(']');
      }
    }
    return key == null ? null : key + idx;
  }

  private static JsonNode at(JsonNode tree, List<JsonMappingException.Reference> path) {
    JsonNode n = tree;
    for (JsonMappingException.Reference r : path) {
      n = r.getFieldName() != null ? n.get(r.getFieldName()) : n.get(r.getIndex());
      if (n == null) {
        return null;
      }
    }
    return n;
  }

  /** Allowed keys in declaration order (superclass first), falling back to Jackson's list. */
  private static String allowed(Class<?> type, Collection<Object> known) {
    List<String> names = new ArrayList<>();
    if (type != null) {
      List<Class<?>> chain = new ArrayList<>();
      for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
        chain.add(0, c);
      }
      for (Class<?> c : chain) {
        for (Field f : c.getDeclaredFields()) {
          int mod = f.getModifiers();
          if (Modifier.isPublic(mod) && !Modifier.isStatic(mod)
              && f.getAnnotation(com.fasterxml.jackson.annotation.JsonIgnore.class) == null) {
            names.add(PropertyNamingStrategies.SnakeCaseStrategy.INSTANCE.translate(f.getName()));
          }
        }
      }
    }
    if (names.isEmpty() && known != null) {
      known.forEach(k -> names.add(String.valueOf(k)));
    }
    return String.join(", ", names);
  }

  private static String expected(Class<?> t) {
    if (t == null) {
      return "something else";
    }
    if (t == Integer.class || t == int.class || t == Long.class || t == long.class) {
      return "an integer";
    }
    if (t == Double.class || t == double.class || t == Float.class || t == float.class) {
      return "a number";
    }
    if (t == String.class) {
      return "a string";
    }
    if (t == Boolean.class || t == boolean.class) {
      return "true or false";
    }
    if (Collection.class.isAssignableFrom(t)) {
      return "a list";
    }
    if (t == Kind.class) {
      return "one of " + Kind.allowed();
    }
    if (t == ExpectSpec.class) {
      return "a mapping with value and tol (or rel_tol), or min and/or max";
    }
    return "a mapping";
  }

  /** How a YAML node reads to a user. */
  static String describe(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      return "nothing";
    }
    if (n.isTextual()) {
      return "'" + n.asText() + "'";
    }
    if (n.isArray()) {
      return "a list";
    }
    if (n.isObject()) {
      return "a mapping";
    }
    return n.asText();
  }

  static String describeToken(JsonToken t) {
    return switch (t) {
      case START_ARRAY -> "a list";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "nothing";
      default -> t.toString();
    };
  }
}
