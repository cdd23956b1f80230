package org.fsneurons.experiments.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonMappingException;

/** A schema problem found while binding, with a finished message; the loader prefixes its location. */
final class ConfigProblem extends JsonMappingException {
  private static final long serialVersionUID = 1L;

  ConfigProblem(JsonParser p, String message) {
    super(p, message);
  }

  ConfigProblem(JsonParser p, JsonLocation at, String message) {
    super(p, message, at);
  }
}
