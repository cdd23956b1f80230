package org.fsneurons.core.coeff;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.fsneurons.core.neuron.FsParams;

/**
 * A named FS parameter set, the activation it approximates and its provenance (where it comes from:
 * the paper's {@code fs_weights.py}, a fit with its settings and measured loss, ...). Provenance is
 * an ordered map of plain JSON values (strings, numbers, booleans, lists, maps) and round-trips
 * through {@link CoefficientFiles} unchanged.
 */
public record CoefficientSet(
    String name, TargetFunction target, FsParams params, Map<String, Object> provenance) {

  public CoefficientSet {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(params, "params");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a coefficient set needs a non-blank name");
    }
    provenance =
        provenance == null
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
  }

  /**
   * The name as one plain part of a file name: every character other than an ASCII letter, a digit,
   * '.', '_', '+', '=' or '-' becomes '_' (a name is free text and may hold '/' or '..').
   */
  public String fileStem() {
    return name.replaceAll("[^A-Za-z0-9._+=-]", "_");
  }

  /** Number of time steps K. */
  public int k() {
    return params.k();
  }

  /**
   * The same set under another name and with the given parameters (e.g. ReLU rescaled for one
   * layer).
   */
  public CoefficientSet withParams(
      String newName, FsParams newParams, Map<String, Object> extraProvenance) {
    Map<String, Object> p = new LinkedHashMap<>(provenance);
    p.putAll(extraProvenance);
    return new CoefficientSet(newName, target, newParams, p);
  }
}
