package org.fsneurons.experiments.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ${NAME}} and {@code ${NAME:-default}} in string values, as in a POSIX shell: the default
 * is used when NAME is unset or empty; {@code $$} is a literal {@code $} (a lone {@code $} not
 * followed by <code>{</code> stays as it is). A reference to an unset (or empty) variable without a
 * default is left in place and reported, so that the experiment is skipped with a reason such as
 * {@code model ${RESNET50_ONNX} not set} instead of failing.
 */
public final class Interpolation {
  /** A literal $, a reference, or (last) a malformed reference: ${ up to its } or the end. */
  private static final Pattern REF =
      Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}|\\$\\{[^}]*}?");

  private Interpolation() {}

  /** The substituted text and the names of the variables that were needed but unset, in order. */
  public record Result(String value, List<String> unset) {
    public Result {
      unset = List.copyOf(unset);
    }
  }

  /**
   * Substitutes references in {@code s} from {@code env}; IllegalArgumentException on a malformed
   * reference.
   */
  public static Result substitute(String s, Map<String, String> env) {
    Matcher m = REF.matcher(s);
    StringBuilder out = new StringBuilder();
    List<String> unset = new ArrayList<>();
    while (m.find()) {
      String rep;
      if (m.group().equals("$$")) {
        rep = "$";
      } else if (m.group(1) == null) {
        throw new IllegalArgumentException(
            "bad variable reference '"
                + m.group()
                + "'; expected ${NAME} or ${NAME:-default} (NAME: letters, digits, '_'), or $$ for"
                + " a literal $");
      } else {
        String v = env.get(m.group(1));
        if (v != null && !v.isEmpty()) {
          rep = v;
        } else if (m.group(2) != null) {
          rep = m.group(2);
        } else {
          unset.add(m.group(1));
          rep = m.group();
        }
      }
      m.appendReplacement(out, Matcher.quoteReplacement(rep));
    }
    m.appendTail(out);
    return new Result(out.toString(), unset);
  }

  /** Throws IllegalArgumentException if a <code>${</code> does not start a valid reference. */
  public static void checkSyntax(String s) {
    substitute(s, Map.of());
  }
}
