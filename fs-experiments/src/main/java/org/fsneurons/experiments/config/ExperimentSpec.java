package org.fsneurons.experiments.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The keys every experiment has; subclasses add the settings of one {@link Kind}. These are binding
 * classes (public mutable fields named as the YAML keys in camelCase, filled by {@link YamlBinder}:
 * {@code defaults.<kind>} first, then the experiment's own keys); the loader validates them and the
 * runner receives them inside an immutable {@link ResolvedExperiment}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name", "kind", "source", "tags", "expect"})
public abstract class ExperimentSpec {
  /** Unique name: letters, digits, '.', '_' and '-'. */
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
}
