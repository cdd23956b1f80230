package org.fsneurons.experiments.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import java.io.IOException;
import java.util.LinkedHashMap;

/**
 * Binds {@code expect:} (metric name to {@link ExpectSpec}) and remembers where each metric name stands, so that an
 * unknown metric is reported at its own line and column. An empty entry ({@code mse:}) becomes an
 * {@link ExpectSpec} marked {@link ExpectSpec#empty}.
 */
final class ExpectMapDeserializer extends JsonDeserializer<LinkedHashMap<String, ExpectSpec>> {
  @Override
  @SuppressWarnings("unchecked")
  public LinkedHashMap<String, ExpectSpec> deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
    if (!p.isExpectedStartObjectToken()) {
      return (LinkedHashMap<String, ExpectSpec>) ctxt.handleUnexpectedToken(LinkedHashMap.class, p);
    }
    LinkedHashMap<String, ExpectSpec> out = new LinkedHashMap<>();
    for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
      String metric = p.currentName();
      JsonLocation at = p.currentTokenLocation();
      JsonToken v = p.nextToken();
      try {
        boolean blank = v == JsonToken.VALUE_NULL || (v == JsonToken.VALUE_STRING && p.getText().isEmpty());
        ExpectSpec s = blank ? null : ctxt.readValue(p, ExpectSpec.class);
        if (s == null) {
          s = new ExpectSpec();
          s.empty = true;
        }
        s.line = at.getLineNr();
        s.column = at.getColumnNr();
        out.put(metric, s);
      } catch (JsonMappingException e) {
        throw JsonMappingException.wrapWithPath(e, out, metric);
      }
    }
    return out;
  }
}
