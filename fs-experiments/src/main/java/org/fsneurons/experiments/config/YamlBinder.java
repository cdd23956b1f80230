package org.fsneurons.experiments.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.fsneurons.core.UserInputException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionEndEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.DocumentStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Composes experiments.yaml once into SnakeYAML {@link Node}s and binds them onto the public fields
 * of the settings classes (camelCase field = snake_case key). Every error is one {@link
 * UserInputException} at its node's start mark (0-based in SnakeYAML, 1-based in messages). Plain
 * scalars resolve as YAML 1.1 (SnakeYAML's resolver and constructor); a quoted scalar is a string,
 * an empty value ({@code key:}) the empty string, {@code ~} or {@code null} null. A path of keys
 * and list indices says where a value stands in messages.
 */
final class YamlBinder {
  /** Deepest nesting of lists and mappings read. */
  static final int MAX_DEPTH = 1000;

  private final String where;

  /** Experiment names by position (null where absent), for messages. */
  private final List<String> names = new ArrayList<>();

  YamlBinder(String where) {
    this.where = where;
  }

  /**
   * The one document of {@code text} (null when empty); aliases, tags, a second document and deep
   * nesting refused.
   */
  Node compose(String text) {
    LoaderOptions o = new LoaderOptions();
    o.setCodePointLimit(Integer.MAX_VALUE); // ExperimentsFile's size limit is checked before
    o.setNestingDepthLimit(MAX_DEPTH + 1); // reported with its place below
    ParserImpl strict =
        new ParserImpl(new StreamReader(text), o) {
          private int documents;
          private int depth;

          @Override
          public Event getEvent() {
            Event e = super.getEvent();
            String tag =
                e instanceof ScalarEvent s
                    ? s.getTag()
                    : e instanceof CollectionStartEvent c ? c.getTag() : null;
            if (tag != null) {
              throw error(
                  e.getStartMark(),
                  "YAML tag '!%s' is not supported; write a plain value",
                  tag.replaceFirst("^!+", ""));
            } else if (e instanceof AliasEvent a) {
              throw error(
                  e.getStartMark(),
                  "YAML alias '*%s' is not supported (anchors and aliases are not resolved here);"
                      + " write the value out in full",
                  a.getAnchor());
            } else if (e instanceof DocumentStartEvent && ++documents > 1) {
              throw new UserInputException(
                  at(super.peekEvent().getStartMark())
                      + ": a second YAML document; an"
                      + " experiments file is one document (remove the '---' and what follows, or merge it)");
            } else if (e instanceof CollectionStartEvent && ++depth > MAX_DEPTH) {
              throw error(
                  e.getStartMark(),
                  "not valid YAML (nesting depth %d exceeds the maximum allowed, %d)",
                  depth,
                  MAX_DEPTH);
            }
            depth -= e instanceof CollectionEndEvent ? 1 : 0;
            return e;
          }
        };
    try {
      return new Composer(strict, new Resolver(), o).getSingleNode();
    } catch (MarkedYAMLException y) {
      String ctx = y.getContext() == null ? "" : " (" + y.getContext() + ")";
      throw new UserInputException(
          at(y.getProblemMark()) + ": not valid YAML: " + y.getProblem() + ctx, y);
    } catch (YAMLException y) {
      throw new UserInputException(
          where + ": not valid YAML (" + y.getMessage().lines().findFirst().orElse("") + ")", y);
    }
  }

  /** Refuses a key given twice in any mapping, at its second place. */
  void refuseDuplicates(Node n) {
    if (n instanceof MappingNode m) {
      Set<String> keys = new HashSet<>();
      for (NodeTuple t : m.getValue()) {
        if (!keys.add(key(t))) {
          throw error(
              t.getKeyNode(), "duplicate key '%s'; each key may appear once per mapping", key(t));
        }
        refuseDuplicates(t.getValueNode());
      }
    } else if (n instanceof SequenceNode s) {
      s.getValue().forEach(this::refuseDuplicates);
    }
  }

  /** Remembers the experiment names, for messages about experiment #i. */
  void names(SequenceNode experiments) {
    for (Node e : experiments.getValue()) {
      Node name = e instanceof MappingNode m ? entry(m, "name") : null;
      names.add(name instanceof ScalarNode s && !isNull(s) ? s.getValue() : null);
    }
  }

  /** The value of {@code key} in {@code m}, or null. */
  Node entry(MappingNode m, String key) {
    return m.getValue().stream()
        .filter(t -> key.equals(key(t)))
        .map(NodeTuple::getValueNode)
        .findFirst()
        .orElse(null);
  }

  /**
   * The entries of mapping {@code m} by key; an unknown key is refused with the {@code allowed}
   * keys listed.
   */
  Map<String, Node> entries(MappingNode m, List<Object> path, Set<String> allowed) {
    Map<String, Node> out = new LinkedHashMap<>();
    for (NodeTuple t : m.getValue()) {
      if (!allowed.contains(key(t))) {
        throw error(
            t.getKeyNode(),
            "unknown key '%s'%s; allowed: %s",
            key(t),
            context(with(path, key(t))),
            String.join(", ", allowed));
      }
      out.put(key(t), t.getValueNode());
    }
    return out;
  }

  /** Sets the public fields of {@code into} from mapping {@code m}. */
  <T> T bind(MappingNode m, T into, List<Object> path) {
    Map<String, Field> fields = fields(into.getClass());
    entries(m, path, fields.keySet())
        .forEach(
            (key, n) -> {
              try {
                Field f = fields.get(key);
                Object v = value(n, f.getGenericType(), with(path, key));
                if (v instanceof AccuracySpec.Spark s
                    && s != AccuracySpec.Spark.OFF) { // over defaults.accuracy.spark
                  v = AccuracySpec.Spark.merge((AccuracySpec.Spark) f.get(into), s);
                }
                f.set(into, v);
              } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
              }
            });
    return into;
  }

  /** The keys of a settings class: its public instance fields in snake_case, superclass first. */
  private static Map<String, Field> fields(Class<?> type) {
    Map<String, Field> out = new LinkedHashMap<>();
    if (type.getSuperclass() != Object.class) {
      out.putAll(fields(type.getSuperclass()));
    }
    for (Field f : type.getDeclaredFields()) {
      if (Modifier.isPublic(f.getModifiers())
          && !Modifier.isStatic(f.getModifiers())
          && f.getAnnotation(JsonIgnore.class) == null) {
        out.put(PropertyNamingStrategies.SnakeCaseStrategy.INSTANCE.translate(f.getName()), f);
      }
    }
    return out;
  }

  /** Node {@code n} as a value of {@code type} (null for {@code ~}). */
  Object value(Node n, Type type, List<Object> path) {
    Class<?> raw = (Class<?>) (type instanceof ParameterizedType p ? p.getRawType() : type);
    Type[] args = type instanceof ParameterizedType p ? p.getActualTypeArguments() : null;
    Object scalar =
        n instanceof ScalarNode s ? (s.isPlain() ? new Scalars().of(s) : s.getValue()) : n;
    if (raw == ExpectSpec.class && (scalar == null || "".equals(scalar))) {
      ExpectSpec e = new ExpectSpec();
      e.empty = true;
      return e;
    } else if (raw == AccuracySpec.Spark.class && Boolean.FALSE.equals(scalar)) {
      return AccuracySpec.Spark.OFF;
    } else if (isNull(n)) {
      return null;
    } else if (raw == String.class || raw == Kind.class) {
      String text =
          scalar(n, path, raw == Kind.class ? "one of " + Kind.allowed() : "a string").getValue();
      if (raw == String.class) {
        return text;
      }
      for (Kind k : Kind.values()) {
        if (k.id().equals(text)) {
          return k;
        }
      }
      throw error(n, "unknown kind '%s'%s; allowed: %s", text, context(path), Kind.allowed());
    } else if (raw == Boolean.class) {
      return typed(n, path, Tag.BOOL, "true or false");
    } else if (raw == Integer.class || raw == Long.class) {
      Object v = typed(n, path, Tag.INT, "an integer");
      if (!(v instanceof Integer || v instanceof Long && raw == Long.class)) {
        throw mismatch(
            n,
            path,
            "an integer from "
                + (raw == Long.class
                    ? Long.MIN_VALUE + " to " + Long.MAX_VALUE
                    : Integer.MIN_VALUE + " to " + Integer.MAX_VALUE));
      }
      return raw == Long.class ? (Object) ((Number) v).longValue() : v;
    } else if (raw == Double.class) {
      if (scalar instanceof Double && describe(n).startsWith("'")) {
        throw mismatch(n, path, "a number"); // .inf, .nan
      }
      return ((Number) typed(n, path, scalar instanceof Double ? Tag.FLOAT : Tag.INT, "a number"))
          .doubleValue();
    } else if (raw == SequenceNode.class || List.class.isAssignableFrom(raw)) {
      if (!(n instanceof SequenceNode s)) {
        throw mismatch(n, path, "a list");
      } else if (raw == SequenceNode.class) {
        return s;
      }
      List<Object> out = new ArrayList<>();
      for (Node e : s.getValue()) {
        out.add(value(e, args[0], with(path, out.size())));
      }
      return out;
    }
    MappingNode m =
        mapping(
            n,
            path,
            raw == ExpectSpec.class
                ? "a mapping with value and tol (or rel_tol), or min" + " and/or max"
                : raw == AccuracySpec.Spark.class
                    ? "a mapping (master, partitions) or off"
                    : "a mapping");
    if (raw == MappingNode.class) {
      return m;
    } else if (Map.class.isAssignableFrom(raw)) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (NodeTuple t : m.getValue()) {
        Object v = value(t.getValueNode(), args[1], with(path, key(t)));
        if (v instanceof ExpectSpec e) {
          e.line = t.getKeyNode().getStartMark().getLine() + 1;
          e.column = t.getKeyNode().getStartMark().getColumn() + 1;
        }
        out.put(key(t), v);
      }
      return out;
    }
    try {
      return bind(m, raw.getDeclaredConstructor().newInstance(), path);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot bind " + raw, e);
    }
  }

  /** SnakeYAML's YAML 1.1 scalars: Integer, Long, BigInteger, Double, Boolean, String or null. */
  private static final class Scalars extends SafeConstructor {
    Scalars() {
      super(new LoaderOptions());
    }

    Object of(ScalarNode n) {
      return constructObject(n);
    }
  }

  private Object typed(Node n, List<Object> path, Tag tag, String expected) {
    ScalarNode s = scalar(n, path, expected);
    if (!s.isPlain() || !s.getTag().equals(tag)) {
      throw mismatch(n, path, expected);
    }
    return new Scalars().of(s);
  }

  /** {@code ~} or {@code null} (an empty value is the empty string). */
  static boolean isNull(Node n) {
    return n instanceof ScalarNode s
        && s.isPlain()
        && s.getTag().equals(Tag.NULL)
        && !s.getValue().isEmpty();
  }

  MappingNode mapping(Node n, List<Object> path, String expected) {
    if (n instanceof MappingNode m) {
      return m;
    }
    throw mismatch(n, path, expected);
  }

  private ScalarNode scalar(Node n, List<Object> path, String expected) {
    if (n instanceof ScalarNode s) {
      return s;
    }
    throw mismatch(n, path, expected);
  }

  private String key(NodeTuple t) {
    if (t.getKeyNode() instanceof ScalarNode s) {
      return s.getValue();
    }
    throw error(t.getKeyNode(), "a key must be a plain value, found %s", describe(t.getKeyNode()));
  }

  // ----------------------------------------------------------------------------------------------
  // messages

  static List<Object> with(List<Object> path, Object step) {
    List<Object> p = new ArrayList<>(path);
    p.add(step);
    return p;
  }

  String at(Node n) {
    return at(n.getStartMark());
  }

  /** A user error at {@code n}: {@code file:line:column: } and the formatted text. */
  UserInputException error(Node n, String format, Object... args) {
    return error(n.getStartMark(), format, args);
  }

  private UserInputException error(Mark m, String format, Object... args) {
    return new UserInputException(at(m) + ": " + String.format(Locale.ROOT, format, args));
  }

  private String at(Mark m) {
    return m == null ? where : where + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1);
  }

  /** An experiment in messages: {@code 'a'}, or {@code #2} when it has no name. */
  String experiment(int i) {
    return i < names.size() && names.get(i) != null ? "'" + names.get(i) + "'" : "#" + (i + 1);
  }

  private UserInputException mismatch(Node n, List<Object> path, String expected) {
    String key = null;
    StringBuilder idx =
        new StringBuilder(); // the innermost key with its list indices, e.g. uniform[1]
    for (Object step : path) {
      if (step instanceof String s) {
        key = s;
        idx.setLength(0);
      } else if (!"experiments".equals(key)) {
        idx.append('[').append(step).append(']');
      }
    }
    return error(
        n, "'%s%s'%s must be %s, found %s", key, idx, context(path), expected, describe(n));
  }

  /**
   * Where a key stands: {@code at the top level}, {@code in experiment 'a'}, {@code in
   * defaults.fit}, ...
   */
  private String context(List<Object> path) {
    if (path.size() <= 1) {
      return " at the top level";
    } else if (path.get(1) instanceof Integer i) {
      String exp = "experiment " + experiment(i);
      return path.size() > 3 && "expect".equals(path.get(2))
          ? " in expect '" + path.get(3) + "' of " + exp
          : " in " + exp;
    }
    return " in " + path.get(0) + ("defaults".equals(path.get(0)) ? "." + path.get(1) : "");
  }

  /** How a node reads to a user: {@code a list}, {@code a mapping}, {@code 5}, {@code 'many'}. */
  static String describe(Node n) {
    if (!(n instanceof ScalarNode s)) {
      return n instanceof SequenceNode ? "a list" : "a mapping";
    }
    boolean bare =
        s.isPlain()
            && (s.getTag().equals(Tag.INT)
                || s.getTag().equals(Tag.BOOL)
                || s.getTag().equals(Tag.FLOAT) && s.getValue().matches(".*\\d.*"));
    return bare ? s.getValue() : "'" + s.getValue() + "'";
  }
}
