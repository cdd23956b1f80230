package org.fsneurons.experiments.config;

import static java.util.stream.Collectors.toCollection;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.fsneurons.core.UserInputException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads and validates experiments.yaml. Every mistake becomes one {@link UserInputException} line
 * of the form {@code experiments.yaml:14:5: unknown key 'dataset_dir' in experiment 'fmnist';
 * allowed: name, kind, ...} or {@code experiments.yaml:9:13: 'points' in experiment 'swish' must be
 * an integer, found 'many'}.
 *
 * <p>The text is composed once into SnakeYAML nodes; {@link YamlBinder} binds each experiment onto
 * the settings class of its kind (the kind's {@code defaults:} first, then its own keys), and the
 * checks below say what else must hold, with the place of the experiment.
 */
public final class ExperimentsFile {
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  /** MLflow experiment of a file without {@code mlflow_experiment}. */
  public static final String DEFAULT_MLFLOW_EXPERIMENT = "fsneurons";

  static final long DEFAULT_SEED = 1;

  /**
   * Default largest experiments file read, in bytes (1 MiB; a real one is a few kB). The YAML
   * scanner's time grows with the square of a scalar's length (5 MB in one quoted string: about a
   * minute), so the limit also bounds how long reading can take (1 MiB: a few seconds).
   */
  public static final long DEFAULT_MAX_BYTES = 1L << 20;

  /** Variable (a system property) for another limit; also read as {@code FS_YAML_MAX_BYTES}. */
  public static final String MAX_BYTES_PROPERTY = "fsneurons.yaml.max_bytes";

  private ExperimentsFile() {}

  /**
   * The largest experiments file read, in bytes: {@code variables}' {@value #MAX_BYTES_PROPERTY} (a
   * system property), else their {@code FS_YAML_MAX_BYTES}, else {@link #DEFAULT_MAX_BYTES}.
   */
  public static long maxBytes(Map<String, String> variables) {
    String v = variables.get(MAX_BYTES_PROPERTY);
    String from = v != null ? "system property " + MAX_BYTES_PROPERTY : "FS_YAML_MAX_BYTES";
    v = v != null ? v : variables.get("FS_YAML_MAX_BYTES");
    if (v == null || v.isBlank()) {
      return DEFAULT_MAX_BYTES;
    }
    try {
      long n = Long.parseLong(v.strip());
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UserInputException(from + ": expected a positive number of bytes, found '" + v + "'");
  }

  private static UserInputException tooLarge(String where, long size, long max) {
    return new UserInputException(
        String.format(
            "%s: %s bytes, more than the %s bytes an experiments file may have; a real one is a few"
                + " kB (raise the limit with FS_YAML_MAX_BYTES if this one is meant)",
            where, size, max));
  }

  /** Reads and validates a file of at most {@link #DEFAULT_MAX_BYTES}. */
  public static ExperimentsConfig load(Path file) {
    return load(file, DEFAULT_MAX_BYTES);
  }

  /** Reads and validates a file of at most {@code max} bytes ({@link #maxBytes}). */
  public static ExperimentsConfig load(Path file, long max) {
    String text;
    try {
      if (Files.isDirectory(file)) {
        throw new UserInputException(file + ": expected an experiments YAML file, found a folder");
      }
      long size = Files.size(file);
      if (size > max) {
        throw tooLarge(file.toString(), size, max);
      }
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (CharacterCodingException e) {
      throw new UserInputException(file + ": not UTF-8 text; expected an experiments YAML file", e);
    } catch (IOException e) {
      throw new UserInputException(
          file
              + ": cannot read experiments file ("
              + e.getMessage()
              + "); give an existing YAML file, e.g. experiments.yaml at the repository root");
    }
    return parse(text, file, max);
  }

  /** Longest message the loader reports; longer ones (a huge value quoted back) are shortened. */
  static final int MAX_MESSAGE = 1000;

  /**
   * Parses and validates YAML text; {@code file} names it in messages and anchors relative paths.
   */
  public static ExperimentsConfig parse(String text, Path file) {
    return parse(text, file, DEFAULT_MAX_BYTES);
  }

  private static ExperimentsConfig parse(String text, Path file, long max) {
    try {
      return parseChecked(text, file, max);
    } catch (UserInputException e) {
      String m = oneLine(e.getMessage());
      if (m.equals(e.getMessage())) {
        throw e;
      }
      throw new UserInputException(m, e.getCause());
    }
  }

  /**
   * A message on one line (line breaks of quoted values written as \n) of at most {@link
   * #MAX_MESSAGE} chars.
   */
  static String oneLine(String m) {
    String s = m.replaceAll("\r\n|[\r\n]", "\\\\n");
    return s.length() <= MAX_MESSAGE
        ? s
        : s.substring(0, MAX_MESSAGE - 200)
            + " ... ("
            + (s.length() - MAX_MESSAGE + 150)
            + " characters left out) ... "
            + s.substring(s.length() - 150);
  }

  private static final Set<String> TOP =
      new LinkedHashSet<>(List.of("mlflow_experiment", "seed", "defaults", "experiments", "spark"));

  private static ExperimentsConfig parseChecked(String text, Path file, long max) {
    String where = file.toString();
    if (text.length() > max) {
      throw tooLarge(where, text.getBytes(StandardCharsets.UTF_8).length, max);
    }
    YamlBinder y = new YamlBinder(where);
    Node root = y.compose(text);
    if (root == null || YamlBinder.isNull(root)) {
      throw new UserInputException(
          where + ": empty file; expected a mapping with 'experiments:' (a list)");
    }
    if (!(root instanceof MappingNode doc)) {
      throw new UserInputException(
          where
              + ":1:1: expected a mapping with keys mlflow_experiment, seed, defaults,"
              + " experiments; found "
              + YamlBinder.describe(root));
    }
    y.refuseDuplicates(root);
    Map<String, Node> top = y.entries(doc, List.of(), TOP);
    Map<Kind, MappingNode> defaults = new EnumMap<>(Kind.class);
    MappingNode d = (MappingNode) get(y, top, "defaults", MappingNode.class);
    Set<String> kinds =
        Arrays.stream(Kind.values()).map(Kind::id).collect(toCollection(LinkedHashSet::new));
    if (d != null) {
      y.entries(d, List.of("defaults"), kinds)
          .forEach(
              (id, n) -> {
                List<Object> path = List.of("defaults", id);
                MappingNode m = (MappingNode) y.value(n, MappingNode.class, path);
                Kind k = Kind.valueOf(id.toUpperCase(Locale.ROOT));
                defaults.put(k, m);
                if (m != null && y.bind(m, k.newSpec(), path).name != null) {
                  throw new UserInputException(
                      where + ": defaults." + id + " sets 'name'; names belong to experiments");
                }
              });
    }
    List<ExperimentSpec> experiments = new ArrayList<>();
    SequenceNode list = (SequenceNode) get(y, top, "experiments", SequenceNode.class);
    if (list != null) {
      y.names(list);
      for (Node n : list.getValue()) {
        List<Object> path = List.of("experiments", experiments.size());
        MappingNode m = y.mapping(n, path, "a mapping");
        Node k = y.entry(m, "kind");
        Kind kind = k == null ? null : (Kind) y.value(k, Kind.class, YamlBinder.with(path, "kind"));
        if (kind == null) {
          throw y.error(
              m,
              "experiment %s has no 'kind'; allowed: %s",
              y.experiment(experiments.size()),
              Kind.allowed());
        }
        ExperimentSpec e = kind.newSpec();
        if (defaults.get(kind) != null) {
          y.bind(defaults.get(kind), e, List.of("defaults", kind.id()));
        }
        y.bind(m, e, path).kind = kind;
        e.line = m.getStartMark().getLine() + 1;
        e.column = m.getStartMark().getColumn() + 1;
        experiments.add(e);
      }
    }
    AccuracySpec.Spark spark = (AccuracySpec.Spark) get(y, top, "spark", AccuracySpec.Spark.class);
    try {
      Setting.PARTITIONS.yaml(spark == null ? null : spark.partitions);
    } catch (IllegalArgumentException bad) {
      throw new UserInputException(y.at(top.get("spark")) + ": spark: " + bad.getMessage());
    }
    String mlflow = (String) get(y, top, "mlflow_experiment", String.class);
    Long seed = (Long) get(y, top, "seed", Long.class);
    mlflow = mlflow == null ? DEFAULT_MLFLOW_EXPERIMENT : mlflow.strip();
    if (mlflow.isEmpty()) {
      throw new UserInputException(
          y.at(top.get("mlflow_experiment"))
              + ": 'mlflow_experiment' must not be empty (default: fsneurons)");
    }
    if (experiments.isEmpty()) {
      throw new UserInputException(
          where
              + ": no experiments; expected 'experiments:' with a list of"
              + " experiments (name, kind, ...)");
    }
    Map<String, ExperimentSpec> seen = new HashMap<>();
    Map<String, List<Expectation>> expectations = new LinkedHashMap<>();
    for (ExperimentSpec e : experiments) {
      String at = e.where(where);
      if (e.name == null || e.name.isBlank()) {
        throw new UserInputException(
            at + ": experiment without 'name'; every experiment needs a unique name");
      }
      if (!NAME.matcher(e.name).matches()) {
        throw new UserInputException(
            String.format(
                "%s: experiment name '%s' may contain only ASCII letters, digits, '.', '_' and '-'"
                    + " (and must start with a letter or digit)",
                at, e.name));
      }
      ExperimentSpec first = seen.putIfAbsent(e.name, e);
      if (first != null) {
        throw new UserInputException(
            at + ": duplicate experiment name '" + e.name + "' (first at line " + first.line + ")");
      }
      expectations.put(e.name, checkSettings(e, at, where, spark));
    }
    return new ExperimentsConfig(
        file, mlflow, seed == null ? DEFAULT_SEED : seed, experiments, expectations);
  }

  /**
   * Checks an experiment's tags, expectations, {@code ${...}} references and its kind's rules; the
   * top-level {@code spark} goes under an accuracy experiment's own.
   */
  private static List<Expectation> checkSettings(
      ExperimentSpec e, String at, String where, AccuracySpec.Spark spark) {
    String in = at + ": experiment '" + e.name + "': ";
    for (String t : e.tags == null ? List.<String>of() : e.tags) {
      if (t == null || !NAME.matcher(t).matches()) {
        throw new UserInputException(
            in + "tag '" + t + "' may contain only letters, digits, '.', '_', '-'");
      }
    }
    List<Expectation> ex = new ArrayList<>();
    if (e.expect != null) {
      for (Map.Entry<String, ExpectSpec> m : e.expect.entrySet()) {
        ExpectSpec s = m.getValue();
        String pos = s != null && s.line > 0 ? where + ":" + s.line + ":" + s.column : at;
        if (!Metrics.known(e.kind, m.getKey())) {
          throw new UserInputException(
              String.format(
                  "%s: unknown metric '%s' in expect of experiment '%s'; a %s experiment reports %s",
                  pos, m.getKey(), e.name, e.kind.id(), Metrics.allowed(e.kind)));
        }
        try {
          ex.add(Expectation.of(m.getKey(), s));
        } catch (IllegalArgumentException bad) {
          throw new UserInputException(
              String.format(
                  "%s: experiment '%s': expect '%s': %s",
                  pos, e.name, m.getKey(), bad.getMessage()));
        }
      }
    }
    try {
      if (e instanceof AccuracySpec a) {
        a.spark =
            a.spark == AccuracySpec.Spark.OFF ? null : AccuracySpec.Spark.merge(spark, a.spark);
      }
      // every string value must have well-formed ${...} references
      Resolver.eachString(
          "",
          Resolver.TREE.valueToTree(e),
          (key, text) -> {
            try {
              Interpolation.checkSyntax(text);
            } catch (IllegalArgumentException bad) {
              throw new IllegalArgumentException("'" + key + "': " + bad.getMessage());
            }
            return text;
          });
      e.check();
    } catch (IllegalArgumentException bad) {
      throw new UserInputException(in + bad.getMessage());
    }
    return ex;
  }

  private static Object get(YamlBinder y, Map<String, Node> entries, String key, Class<?> type) {
    return entries.containsKey(key) ? y.value(entries.get(key), type, List.of(key)) : null;
  }
}
