package org.fsneurons.experiments.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One {@code expect:} entry as written: {@code {value, tol}}, {@code {value, rel_tol}} or {@code
 * {min, max}} (either bound may be left out). Checked and turned into an {@link Expectation} by the
 * loader.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"value", "tol", "rel_tol", "min", "max"})
public final class ExpectSpec {
  public Double value;
  public Double tol;
  public Double relTol;
  public Double min;
  public Double max;

  /** The entry was written without a value ({@code mse:}). */
  @JsonIgnore public boolean empty;

  /**
   * Where the metric name stands in its file (1-based; 0 when unknown, e.g. copied from defaults).
   */
  @JsonIgnore public int line;

  @JsonIgnore public int column;
}
