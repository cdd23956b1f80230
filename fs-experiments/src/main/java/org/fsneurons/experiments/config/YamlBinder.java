package org.fsneurons.experiments.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads experiments.yaml as SnakeYAML {@link Node}s and binds them onto the public fields of the settings classes
 * (snake_case keys). Every error is a {@link UserInputException} placed at its node's start mark (SnakeYAML counts
 * from 0, messages from 1). Scalars follow YAML 1.1 as SnakeYAML resolves them; a quoted scalar is always a string, an
 * empty value ({@code key:}) is the empty string and {@code ~}/{@code null} is null.
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

  /** The one document of {@code text} (null when empty); aliases, tags and a second document are refused. */
  Node compose(String text) {
    LoaderOptions o = new LoaderOptions();
    o.setCodePointLimit(Integer.MAX_VALUE); // ExperimentsFile.maxBytes() is checked before
    o.setNestingDepthLimit(MAX_DEPTH + 1); // StrictParser reports it with a place first
    try {
      Composer c = new Composer(new StrictParser(new ParserImpl(new StreamReader(text), o)), new Resolver(), o);
      return c.getSingleNode();
    } catch (MarkedYAMLException y) {
      Mark m = y.getProblemMark() != null ? y.getProblemMark() : y.getContextMark();
      String ctx = y.getContext() == null ? "" : " (" + y.getContext() + ")";
      throw new UserInputException(at(m) + ": not valid YAML: " + y.getProblem() + ctx, y);
    } catch (YAMLException y) {
      throw new UserInputException(where + ": not valid YAML (" + y.getMessage().lines().findFirst().orElse("") + ")", y);
    }
  }

  /** Refuses what a plain reading would get wrong, at the place it stands. */
  private final class StrictParser implements Parser {
    private final Parser p;
    private Event seen;
    private int documents;
    private int depth;

    StrictParser(Parser p) {
      this.p = p;
    }

    private Event look() {
      Event e = p.peekEvent();
      if (e != seen) {
        seen = e;
        String tag = e instanceof ScalarEvent s ? s.getTag() : e instanceof CollectionStartEvent c ? c.getTag() : null;
        if (tag != null) {
          throw new UserInputException(at(e.getStartMark()) + ": YAML tag '!" + tag.replaceFirst("^!+", "")
              + "' is not supported; write a plain value");
        }
        if (e instanceof AliasEvent a) {
          throw new UserInputException(at(e.getStartMark()) + ": YAML alias '*" + a.getAnchor() + "' is not supported"
              + " (anchors and aliases are not resolved here); write the value out in full");
        }
        if (e instanceof DocumentStartEvent && ++documents > 1) {
          p.getEvent();
          throw new UserInputException(at(p.peekEvent().getStartMark()) + ": a second YAML document; an experiments"
              + " file is one document (remove the '---' and what follows, or merge it)");
        }
        if (e instanceof CollectionStartEvent && ++depth > MAX_DEPTH) {
          throw new UserInputException(at(e.getStartMark()) + ": not valid YAML (nesting depth " + depth
              + " exceeds the maximum allowed, " + MAX_DEPTH + ")");
        }
        depth -= e instanceof CollectionEndEvent ? 1 : 0;
      }
      return e;
    }

    @Override
    public boolean checkEvent(Event.ID id) {
      look();
      return p.checkEvent(id);
    }

    @Override
    public Event peekEvent() {
      return look();
    }

    @Override
    public Event getEvent() {
      look();
      return p.getEvent();
    }
  }

  /** Refuses a key given twice in any mapping, at its second place. */
  void refuseDuplicates(Node n) {
    if (n instanceof MappingNode m) {
      Set<String> keys = new java.util.HashSet<>();
      for (NodeTuple t : m.getValue()) {
        if (!keys.add(keyText(t.getKeyNode()))) {
          throw new UserInputException(at(t.getKeyNode()) + ": duplicate key '" + keyText(t.getKeyNode())
              + "'; each key may appear once per mapping");
        }
        refuseDuplicates(t.getValueNode());
      }
    } else if (n instanceof SequenceNode s) {
      s.getValue().forEach(this::refuseDuplicates);
    }
  }

  // ---------------------------------------------------------------------------------------------- binding

  /** The entries of mapping {@code m} by key; an unknown key is refused with the {@code allowed} keys listed. */
  Map<String, NodeTuple> entries(MappingNode m, List<Object> path, Set<String> allowed) {
    Map<String, NodeTuple> out = new LinkedHashMap<>();
    for (NodeTuple t : m.getValue()) {
      String key = keyText(t.getKeyNode());
      if (!allowed.contains(key)) {
        throw new UserInputException(at(t.getKeyNode()) + ": unknown key '" + key + "'" + context(with(path, key))
            + "; allowed: " + String.join(", ", allowed));
      }
      out.put(key, t);
    }
    return out;
  }

  /** Sets the public fields of {@code into} from mapping {@code m}. */
  <T> T bind(MappingNode m, T into, List<Object> path) {
    Map<String, Field> fields = fields(into.getClass());
    entries(m, path, fields.keySet()).forEach((key, t) -> {
      Field f = fields.get(key);
      try {
        f.set(into, value(t.getValueNode(), f.getGenericType(), with(path, key)));
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(e);
      }
    });
    return into;
  }

  /** The YAML keys of a settings class: its public instance fields in snake_case, superclass first. */
  static Map<String, Field> fields(Class<?> type) {
    List<Class<?>> chain = new ArrayList<>();
    for (Class<?> c = type; c != Object.class; c = c.getSuperclass()) {
      chain.add(0, c);
    }
    Map<String, Field> out = new LinkedHashMap<>();
    for (Class<?> c : chain) {
      for (Field f : c.getDeclaredFields()) {
        if (Modifier.isPublic(f.getModifiers()) && !Modifier.isStatic(f.getModifiers())
            && f.getAnnotation(JsonIgnore.class) == null) {
          out.put(PropertyNamingStrategies.SnakeCaseStrategy.INSTANCE.translate(f.getName()), f);
        }
      }
    }
    return out;
  }

  /** Node {@code n} as a value of {@code type}; null for {@code ~}/{@code null}. */
  Object value(Node n, Type type, List<Object> path) {
    Class<?> raw = (Class<?>) (type instanceof ParameterizedType p ? p.getRawType() : type);
    if (raw == ExpectSpec.class) {
      if (n instanceof ScalarNode s && (isNull(s) || s.getValue().isEmpty())) {
        ExpectSpec e = new ExpectSpec();
        e.empty = true;
        return e;
      }
      return bind(mapping(n, path, "a mapping with value and tol (or rel_tol), or min and/or max"), new ExpectSpec(),
          path);
    }
    if (raw == AccuracySpec.Spark.class && n instanceof ScalarNode s && Boolean.FALSE.equals(scalar(s))) {
      return AccuracySpec.Spark.OFF;
    }
    if (n instanceof ScalarNode s && isNull(s)) {
      return null;
    }
    if (raw == String.class) {
      return scalarNode(n, path, "a string").getValue();
    }
    if (raw == Kind.class) {
      String id = scalarNode(n, path, "one of " + Kind.allowed()).getValue();
      for (Kind k : Kind.values()) {
        if (k.id().equals(id)) {
          return k;
        }
      }
      throw new UserInputException(at(n) + ": unknown kind '" + id + "'" + context(path) + "; allowed: "
          + Kind.allowed());
    }
    if (raw == Boolean.class) {
      return typed(n, path, Tag.BOOL, "true or false");
    }
    if (raw == Integer.class || raw == Long.class) {
      Number v = (Number) typed(n, path, Tag.INT, "an integer");
      BigInteger b = new BigInteger(v.toString());
      long min = raw == Integer.class ? Integer.MIN_VALUE : Long.MIN_VALUE;
      long max = raw == Integer.class ? Integer.MAX_VALUE : Long.MAX_VALUE;
      if (b.compareTo(BigInteger.valueOf(min)) < 0 || b.compareTo(BigInteger.valueOf(max)) > 0) {
        throw mismatch(n, path, "an integer from " + min + " to " + max);
      }
      return raw == Integer.class ? (Object) b.intValue() : (Object) b.longValue();
    }
    if (raw == Double.class) {
      ScalarNode s = scalarNode(n, path, "a number");
      if (s.getTag().equals(Tag.FLOAT) && s.getValue().matches("[-+]?\\.[a-zA-Z]+")) {
        throw new UserInputException(at(n) + ": '" + key(path) + "'" + context(path) + " must be a number, found '"
            + s.getValue() + "'");
      }
      return ((Number) typed(n, path, s.getTag().equals(Tag.INT) ? Tag.INT : Tag.FLOAT, "a number")).doubleValue();
    }
    if (raw == MappingNode.class) {
      return mapping(n, path, "a mapping");
    }
    if (raw == SequenceNode.class) {
      if (n instanceof SequenceNode s) {
        return s;
      }
      throw mismatch(n, path, "a list");
    }
    Type[] args = type instanceof ParameterizedType p ? p.getActualTypeArguments() : new Type[0];
    if (List.class.isAssignableFrom(raw)) {
      if (!(n instanceof SequenceNode s)) {
        throw mismatch(n, path, "a list");
      }
      List<Object> out = new ArrayList<>();
      for (Node e : s.getValue()) {
        out.add(value(e, args[0], with(path, out.size())));
      }
      return out;
    }
    if (Map.class.isAssignableFrom(raw)) {
      LinkedHashMap<String, Object> out = new LinkedHashMap<>();
      for (NodeTuple t : mapping(n, path, "a mapping").getValue()) {
        String key = keyText(t.getKeyNode());
        Object v = value(t.getValueNode(), args[1], with(path, key));
        if (v instanceof ExpectSpec e) {
          e.line = t.getKeyNode().getStartMark().getLine() + 1;
          e.column = t.getKeyNode().getStartMark().getColumn() + 1;
        }
        out.put(key, v);
      }
      return out;
    }
    try {
      String expected = raw == AccuracySpec.Spark.class ? "a mapping (master, partitions) or off" : "a mapping";
      return bind(mapping(n, path, expected), raw.getDeclaredConstructor().newInstance(), path);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot bind " + raw, e);
    }
  }

  private Object typed(Node n, List<Object> path, Tag tag, String expected) {
    ScalarNode s = scalarNode(n, path, expected);
    if (!s.isPlain() || !s.getTag().equals(tag)) {
      throw mismatch(n, path, expected);
    }
    return scalar(s);
  }

  private static final class Scalars extends SafeConstructor {
    Scalars() {
      super(new LoaderOptions());
    }

    Object of(ScalarNode n) {
      return constructObject(n);
    }
  }

  /** A scalar as SnakeYAML constructs it (Integer, Long, BigInteger, Double, Boolean, String or null). */
  private static Object scalar(ScalarNode s) {
    return s.isPlain() ? new Scalars().of(s) : s.getValue();
  }

  private static boolean isNull(ScalarNode s) {
    return s.isPlain() && s.getTag().equals(Tag.NULL) && !s.getValue().isEmpty();
  }

  MappingNode mapping(Node n, List<Object> path, String expected) {
    if (n instanceof MappingNode m) {
      return m;
    }
    throw mismatch(n, path, expected);
  }

  private ScalarNode scalarNode(Node n, List<Object> path, String expected) {
    if (n instanceof ScalarNode s) {
      return s;
    }
    throw mismatch(n, path, expected);
  }

  private String keyText(Node key) {
    if (key instanceof ScalarNode s) {
      return s.getValue();
    }
    throw new UserInputException(at(key) + ": a key must be a plain value, found " + describe(key));
  }

  /** Remembers the experiment names, for messages about experiment #i. */
  void names(SequenceNode experiments) {
    for (Node e : experiments.getValue()) {
      String name = null;
      if (e instanceof MappingNode m) {
        for (NodeTuple t : m.getValue()) {
          if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals("name")
              && t.getValueNode() instanceof ScalarNode v && !isNull(v)) {
            name = v.getValue();
          }
        }
      }
      names.add(name);
    }
  }

  /** An experiment's name in messages: {@code 'a'}, or {@code #2} when it has none. */
  String experiment(int i) {
    String name = i < names.size() ? names.get(i) : null;
    return name == null ? "#" + (i + 1) : "'" + name + "'";
  }

  // ---------------------------------------------------------------------------------------------- messages

  static List<Object> with(List<Object> path, Object step) {
    List<Object> p = new ArrayList<>(path);
    p.add(step);
    return p;
  }

  String at(Node n) {
    return at(n.getStartMark());
  }

  String at(Mark m) {
    return m == null ? where : where + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1);
  }

  UserInputException mismatch(Node n, List<Object> path, String expected) {
    String subject = path.isEmpty() ? "the file" : "'" + key(path) + "'";
    return new UserInputException(at(n) + ": " + subject + context(path) + " must be " + expected + ", found "
        + describe(n));
  }

  /** Where a key stands, for messages: {@code  in experiment 'a'}, {@code  in defaults.fit}, ... */
  String context(List<Object> path) {
    if (path.size() <= 1) {
      return " at the top level";
    }
    if ("experiments".equals(path.get(0)) && path.get(1) instanceof Integer i) {
      String exp = "experiment " + experiment(i);
      if (path.size() > 3 && "expect".equals(path.get(2))) {
        return " in expect '" + path.get(3) + "' of " + exp;
      }
      return " in " + exp;
    }
    return "defaults".equals(path.get(0)) ? " in defaults." + path.get(1) : "";
  }

  /** The innermost key with its list indices, e.g. {@code uniform[1]}. */
  private static String key(List<Object> path) {
    String key = null;
    StringBuilder idx = new StringBuilder();
    for (Object step : path) {
      if (step instanceof String s) {
        key = s;
        idx.setLength(0);
      } else if (key != null && !"experiments".equals(key)) {
        idx.append('[').append(step).append(']');
      }
    }
    return key + idx;
  }

  /** How a node reads to a user: {@code a list}, {@code a mapping}, {@code 5}, {@code 'many'}. */
  static String describe(Node n) {
    if (n instanceof SequenceNode) {
      return "a list";
    }
    if (n instanceof MappingNode) {
      return "a mapping";
    }
    ScalarNode s = (ScalarNode) n;
    boolean bare = s.isPlain() && (s.getTag().equals(Tag.INT) || s.getTag().equals(Tag.FLOAT)
        || s.getTag().equals(Tag.BOOL));
    return bare ? s.getValue() : "'" + s.getValue() + "'";
  }
}
