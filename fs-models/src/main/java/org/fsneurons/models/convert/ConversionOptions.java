package org.fsneurons.models.convert;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import org.fsneurons.core.UserInputException;
import org.fsneurons.core.coeff.CoefficientSet;
import org.fsneurons.core.coeff.CoefficientSets;
import org.fsneurons.core.onnx.FsBody;

/**
 * What to convert and how.
 *
 * @param mapping coefficient set per activation kind; an empty Optional means keep the activation.
 *     Kinds absent from the map are kept (listed in the report as "no coefficient set mapped").
 * @param include node-name patterns (regex, find) an activation must match to be converted; empty =
 *     all
 * @param exclude node-name patterns that keep an activation
 * @param perLayer coefficient sets chosen per activation name (e.g. calibrated FS-ReLU alphas);
 *     they override the kind mapping for those layers
 * @param body the function body written into the model
 */
public record ConversionOptions(
    Map<ActivationKind, Optional<CoefficientSet>> mapping,
    List<Pattern> include,
    List<Pattern> exclude,
    Map<String, CoefficientSet> perLayer,
    FsBody body) {

  public ConversionOptions {
    mapping = Map.copyOf(mapping);
    include = List.copyOf(include);
    exclude = List.copyOf(exclude);
    perLayer = Map.copyOf(perLayer);
  }

  /**
   * The default mapping: Relu→relu, Sigmoid→sigmoid, Swish→swish (the paper's sets); everything
   * else kept.
   */
  public static Map<ActivationKind, Optional<CoefficientSet>> defaultMapping() {
    Map<ActivationKind, Optional<CoefficientSet>> m = new EnumMap<>(ActivationKind.class);
    for (ActivationKind k : ActivationKind.values()) {
      k.defaultSet().ifPresent(s -> m.put(k, Optional.of(CoefficientSets.bundled(s))));
    }
    return m;
  }

  /**
   * The default mapping overridden by entries {@code KIND=SET} or {@code KIND=keep} (SET: a bundled
   * name or a coefficient JSON file); {@code where} names the option or file in errors.
   */
  public static Map<ActivationKind, Optional<CoefficientSet>> mapping(
      List<String> entries, String where) {
    List<Map.Entry<String, String>> pairs = new ArrayList<>();
    for (String entry : entries) {
      int eq = entry.indexOf('=');
      if (eq <= 0 || eq == entry.length() - 1) {
        throw new UserInputException(
            where + ": expected KIND=SET or KIND=keep, found '" + entry + "'");
      }
      pairs.add(Map.entry(entry.substring(0, eq), entry.substring(eq + 1)));
    }
    return mapping(pairs, where, (kind, set) -> CoefficientSets.resolve(set));
  }

  /**
   * The one rule of a mapping, for {@code --map KIND=SET} and experiments.yaml's {@code map:}: the
   * default mapping overridden, in order, by each (activation kind, set or {@code keep}) pair,
   * every set found by {@code sets} (given the kind as written and the trimmed set). An error reads
   * {@code <where> KIND=SET: <why>}, unless its message already starts with {@code where}.
   */
  public static Map<ActivationKind, Optional<CoefficientSet>> mapping(
      List<Map.Entry<String, String>> pairs,
      String where,
      BiFunction<String, String, CoefficientSet> sets) {
    Map<ActivationKind, Optional<CoefficientSet>> m = new EnumMap<>(defaultMapping());
    for (Map.Entry<String, String> p : pairs) {
      String set = p.getValue() == null ? "" : p.getValue().trim();
      try {
        ActivationKind kind = ActivationKind.parse(p.getKey());
        m.put(
            kind,
            set.equalsIgnoreCase("keep")
                ? Optional.empty()
                : Optional.of(sets.apply(p.getKey(), set)));
      } catch (UserInputException e) {
        throw e.getMessage().startsWith(where + " ")
            ? e
            : new UserInputException(
                where + " " + p.getKey() + "=" + p.getValue() + ": " + e.getMessage(), e);
      }
    }
    return m;
  }

  /** Defaults: the paper's sets, all layers, the dynamics body. */
  public static ConversionOptions defaults() {
    return new ConversionOptions(defaultMapping(), List.of(), List.of(), Map.of(), FsBody.DYNAMICS);
  }

  public ConversionOptions withMapping(Map<ActivationKind, Optional<CoefficientSet>> m) {
    return new ConversionOptions(m, include, exclude, perLayer, body);
  }

  public ConversionOptions withPerLayer(Map<String, CoefficientSet> p) {
    return new ConversionOptions(mapping, include, exclude, p, body);
  }

  public ConversionOptions withBody(FsBody b) {
    return new ConversionOptions(mapping, include, exclude, perLayer, b);
  }

  public ConversionOptions withPatterns(List<Pattern> inc, List<Pattern> exc) {
    return new ConversionOptions(mapping, inc, exc, perLayer, body);
  }
}
