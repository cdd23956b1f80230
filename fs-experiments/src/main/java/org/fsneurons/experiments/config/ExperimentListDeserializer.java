package org.fsneurons.experiments.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Binds each element of {@code experiments:} straight from the parser to the class of its kind (known from a first,
 * lenient pass), starting from a copy of that kind's defaults. Binding from the parser, not from a buffered tree,
 * keeps the line and column of every error exact and lets Jackson list the keys allowed for that kind.
 */
final class ExperimentListDeserializer extends JsonDeserializer<List<ExperimentSpec>> {
  /** Context attribute: {@code List<Kind>} of the first pass (null where an element has no kind). */
  static final String KINDS = "fs.kinds";
  /** Context attribute: {@link DefaultsSpec} of the first pass (may be absent). */
  static final String DEFAULTS = "fs.defaults";
  /** Context attribute: {@code List<String>} experiment names (null where absent), for messages. */
  static final String NAMES = "fs.names";

  @Override
  @SuppressWarnings("unchecked")
  public List<ExperimentSpec> deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
    if (!p.isExpectedStartArrayToken()) {
      return (List<ExperimentSpec>) ctxt.handleUnexpectedToken(List.class, p);
    }
    List<Kind> kinds = (List<Kind>) ctxt.getAttribute(KINDS);
    List<String> names = (List<String>) ctxt.getAttribute(NAMES);
    DefaultsSpec defaults = (DefaultsSpec) ctxt.getAttribute(DEFAULTS);
    List<ExperimentSpec> out = new ArrayList<>();
    int i = 0;
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken(), i++) {
      JsonLocation start = p.currentTokenLocation();
      try {
        if (t != JsonToken.START_OBJECT) {
          throw new ConfigProblem(p, "experiment #" + (i + 1) + " must be a mapping (name: ..., kind: ...), found "
              + ExperimentsFile.describeToken(t));
        }
        Kind kind = kinds == null || i >= kinds.size() ? null : kinds.get(i);
        if (kind == null) {
          String name = names == null || i >= names.size() || names.get(i) == null
              ? "#" + (i + 1) : "'" + names.get(i) + "'";
          throw new ConfigProblem(p, start, "experiment " + name + " has no 'kind'; allowed: " + Kind.allowed());
        }
        ExperimentSpec into = ExperimentsFile.defaultsCopy(defaults, kind);
        JsonDeserializer<Object> d = ctxt.findRootValueDeserializer(ctxt.constructType(kind.specClass()));
        d.deserialize(p, ctxt, into);
        into.kind = kind;
        into.line = start.getLineNr();
        into.column = start.getColumnNr();
        out.add(into);
      } catch (JsonMappingException e) {
        throw JsonMappingException.wrapWithPath(e, out, i);
      }
    }
    return out;
  }
}
