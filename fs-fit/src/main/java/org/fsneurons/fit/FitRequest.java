package org.fsneurons.fit;

/**
 * What to fit: a named set of K steps approximating {@code target} for inputs distributed as {@code
 * weighting}, optionally quantised, with the given options.
 */
public record FitRequest(
    String name,
    FitTarget target,
    int k,
    InputWeighting weighting,
    Quantization quantization,
    FitOptions options) {

  public FitRequest {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a fit needs a non-blank set name");
    }
    if (target == null || weighting == null || options == null) {
      throw new IllegalArgumentException("a fit needs a target, an input weighting and options");
    }
    if (k < 1 || k > 63) {
      throw new IllegalArgumentException("K must be in 1..63, found " + k);
    }
  }
}
