package org.fsneurons.experiments.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * Turns a validated experiment into a {@link ResolvedExperiment}: env substitution, seed, flat
 * settings, YAML.
 */
public final class Resolver {
  /** JSON trees of the settings classes (snake_case keys), for substitution and copies. */
  static final ObjectMapper TREE =
      JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();

  /** Writes resolved experiments back as YAML (block style, no document marker). */
  private static final ObjectMapper YAML_OUT =
      YAMLMapper.builder(
              YAMLFactory.builder()
                  .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                  .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                  .build())
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .build();

  private Resolver() {}

  /** Resolves {@code spec} of {@code config} against the environment {@code env}. */
  public static ResolvedExperiment resolve(
      ExperimentsConfig config, ExperimentSpec spec, Map<String, String> env) {
    ObjectNode tree = TREE.valueToTree(spec);
    List<String> unset = new ArrayList<>();
    // name and tags (checked names), kind and expect (numbers) hold no ${...}: no-ops here
    eachString("", tree, (key, text) -> substitute(key, text, env, unset));
    if ((spec instanceof ApproximationSpec || spec instanceof FitSpec || spec instanceof BenchSpec)
        && !tree.has("seed")) {
      tree.put("seed", config.seed());
    }
    ExperimentSpec copy = TREE.convertValue(tree, spec.getClass());
    copy.kind = spec.kind;
    copy.line = spec.line;
    copy.column = spec.column;
    List<Expectation> expectations = config.expectationsOf(spec.name);
    Map<String, String> settings = new LinkedHashMap<>();
    flatten("", tree.deepCopy().without(List.of("name", "expect")), settings);
    for (Expectation x : expectations) {
      settings.put("expect." + x.metric(), x.describe());
    }
    ObjectNode ordered = TREE.createObjectNode();
    ordered.set("mlflow_experiment", TextNode.valueOf(config.mlflowExperiment()));
    ordered.set("experiment", tree);
    String yaml;
    try {
      yaml = YAML_OUT.writeValueAsString(ordered);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write experiment " + spec.name + " as YAML", e);
    }
    return new ResolvedExperiment(
        copy,
        expectations,
        settings,
        yaml,
        config.baseDir(),
        unset.isEmpty() ? null : unset.get(0));
  }

  /**
   * {@code text} with ${VAR} substituted from {@code env}; unset variables noted in {@code unset}.
   */
  private static String substitute(
      String key, String text, Map<String, String> env, List<String> unset) {
    Interpolation.Result r = Interpolation.substitute(text, env);
    if (!r.unset().isEmpty()) {
      String vars = r.unset().stream().map(v -> "${" + v + "}").collect(Collectors.joining(", "));
      unset.add(key + " " + vars + " not set");
    }
    return r.value();
  }

  /**
   * {@code n} with every string replaced by {@code f(path, text)} (containers changed in place);
   * the path of a string under {@code key} reads {@code key.sub[1]} (under "": {@code sub[1]}).
   */
  static JsonNode eachString(String key, JsonNode n, BiFunction<String, String, String> f) {
    if (n.isTextual()) {
      return TextNode.valueOf(f.apply(key, n.asText()));
    } else if (n instanceof ObjectNode o) {
      o.fields()
          .forEachRemaining(
              e -> {
                String at = key.isEmpty() ? e.getKey() : key + "." + e.getKey();
                e.setValue(eachString(at, e.getValue(), f));
              });
    } else if (n instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        a.set(i, eachString(key + "[" + i + "]", a.get(i), f));
      }
    }
    return n;
  }

  /** Scalars as text; lists of scalars as {@code [a, b]}; mappings as {@code key.sub}. */
  private static void flatten(String key, JsonNode n, Map<String, String> out) {
    if (n.isObject()) {
      n.fields()
          .forEachRemaining(
              f -> flatten(key.isEmpty() ? f.getKey() : key + "." + f.getKey(), f.getValue(), out));
    } else if (n.isArray()) {
      List<String> parts = new ArrayList<>();
      n.forEach(e -> parts.add(e.isValueNode() ? e.asText() : e.toString()));
      out.put(key, "[" + String.join(", ", parts) + "]");
    } else if (!n.isNull()) {
      out.put(key, n.asText());
    }
  }
}
