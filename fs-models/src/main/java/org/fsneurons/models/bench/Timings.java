package org.fsneurons.models.bench;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Timed runs per variant, in milliseconds, in the order they ran.
 *
 * @param millis variant name → its timed runs (ms); kept in insertion order, arrays copied
 */
public record Timings(Map<String, double[]> millis) {
  public Timings {
    Map<String, double[]> m = new LinkedHashMap<>();
    millis.forEach((k, v) -> m.put(k, v.clone()));
    millis = Collections.unmodifiableMap(m);
  }

  /** The variants, in order. */
  public List<String> names() {
    return List.copyOf(millis.keySet());
  }

  /** A copy of a variant's runs (ms). */
  public double[] runs(String name) {
    return get(name).clone();
  }

  /** Median of a variant's runs (ms). */
  public double median(String name) {
    return median(get(name));
  }

  /** Smallest run of a variant (ms). */
  public double min(String name) {
    return Arrays.stream(get(name)).min().orElseThrow();
  }

  /** Nearest-rank percentile {@code p} in (0, 100] of a variant's runs (ms). */
  public double percentile(String name, double p) {
    return percentile(get(name), p);
  }

  private double[] get(String name) {
    double[] v = millis.get(name);
    if (v == null) {
      throw new IllegalArgumentException("no variant '" + name + "'; variants: " + names());
    }
    return v;
  }

  /** The median: the middle value, or the mean of the two middle values for an even count. */
  public static double median(double[] values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("median of no values");
    }
    double[] s = values.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  /** Nearest-rank percentile: the smallest value with at least p% of the values at or below it. */
  public static double percentile(double[] values, double p) {
    if (values.length == 0 || !(p > 0 && p <= 100)) {
      throw new IllegalArgumentException("percentile " + p + " of " + values.length + " values");
    }
    double[] s = values.clone();
    Arrays.sort(s);
    int rank = (int) Math.ceil(p / 100 * s.length);
    return s[Math.max(0, rank - 1)];
  }
}
