package org.fsneurons.experiments.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.fsneurons.core.UserInputException;

/**
 * The keys every experiment has; subclasses add the settings of one {@link Kind} and its rules
 * ({@link #check()}). These are binding classes (public mutable fields named as the YAML keys in
 * camelCase, filled by {@link YamlBinder}: {@code defaults.<kind>} first, then the experiment's own
 * keys); the loader validates them and the runner receives them inside an immutable {@link
 * ResolvedExperiment}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name", "kind", "source", "tags", "expect"})
public abstract class ExperimentSpec {
  /** Unique name: ASCII letters, digits, '.', '_' and '-'. */
  public String name;

  /** The kind; selects the subclass. */
  public Kind kind;

  /** Where the expected numbers come from (the paper, the official README, our own baseline). */
  public String source;

  /** Labels used by {@code --only} (e.g. {@code quick}). */
  public List<String> tags;

  /** Metric name to expected value with tolerance, or min/max bounds. */
  public LinkedHashMap<String, ExpectSpec> expect;

  /** Where the experiment starts in its file (1-based; 0 when unknown). */
  @JsonIgnore public int line;

  @JsonIgnore public int column;

  /** {@code file:line:column} of the experiment's first key, or the file alone. */
  public String where(String file) {
    return line > 0 ? file + ":" + line + ":" + column : file;
  }

  /**
   * The rules of this kind's settings beyond their types; IllegalArgumentException says what is
   * wrong (the loader adds the place).
   */
  abstract void check();

  static void require(String v, String key, String what) {
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("missing '" + key + "': " + what);
    }
  }

  /** IllegalArgumentException {@code message} unless exactly one of {@code values} is given. */
  static void exactlyOne(String message, Object... values) {
    if (Stream.of(values).filter(Objects::nonNull).count() != 1) {
      throw new IllegalArgumentException(message);
    }
  }

  /** {@code uniform} with {@code points}, or {@code normal} with {@code samples}. */
  static void checkPoints(
      List<Double> uniform, Integer points, List<Double> normal, Integer samples) {
    exactlyOne(
        "give exactly one of 'uniform: [lo, hi]' (with 'points') or"
            + " 'normal: [mean, std]' (with 'samples')",
        uniform,
        normal);
    boolean u = uniform != null;
    String key = u ? "uniform" : "normal";
    List<Double> v = u ? uniform : normal;
    if (v.size() != 2 || v.contains(null) || !v.stream().allMatch(Double::isFinite)) {
      throw new IllegalArgumentException(
          String.format(
              "'%s' must be two finite numbers %s, found %s",
              key, u ? "[lo, hi]" : "[mean, std]", v));
    }
    if (u ? !(v.get(0) < v.get(1)) : !(v.get(1) > 0)) {
      throw new IllegalArgumentException(
          String.format("'%s' needs %s, found %s", key, u ? "lo < hi" : "std > 0", v));
    }
    if ((u ? samples : points) != null) {
      throw new IllegalArgumentException(
          u
              ? "'samples' goes with 'normal'; use 'points' with 'uniform'"
              : "'points' goes with 'uniform'; use 'samples' with 'normal'");
    }
    Setting.POINTS.yaml(points);
    Setting.SAMPLES.yaml(samples);
  }

  static void checkMap(Map<String, String> map) {
    if (map != null) {
      map.forEach(
          (op, set) -> {
            if (set == null || set.isBlank()) {
              throw new IllegalArgumentException(
                  "'map' entry '" + op + "' needs a coefficient set name or 'keep'");
            }
          });
    }
  }

  /**
   * Applies the one rule of a setting ({@code rule}: the parser the command line uses) when the
   * file is read, so that a value the run would refuse is refused by {@code ./fs run} and {@code
   * ./fs check} before anything runs. A value with ${VAR} is checked after substitution, when it
   * runs.
   */
  static void checkNow(String value, String key, Consumer<String> rule) {
    if (value != null && !value.contains("${")) {
      try {
        rule.accept(value);
      } catch (UserInputException bad) {
        throw new IllegalArgumentException("'" + key + "': " + bad.getMessage());
      }
    }
  }
}
