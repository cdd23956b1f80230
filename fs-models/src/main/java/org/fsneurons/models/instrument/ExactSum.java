package org.fsneurons.models.instrument;

import java.io.Serializable;
import java.math.BigDecimal;

/**
 * An exact sum of doubles: finite terms are added without rounding ({@link BigDecimal}) and rounded
 * once by {@link #doubleValue}, so a sum taken in parts and merged equals the sum taken in one pass
 * to the last bit, whatever the order or the split. Non-finite terms keep the meaning a double sum
 * gives them: any NaN, or both infinities, make the sum NaN; otherwise an infinity makes it that
 * infinity.
 *
 * @param finite the exact sum of the finite terms
 * @param nonfinite 0 when every term was finite, else the double sum of the non-finite terms
 */
public record ExactSum(BigDecimal finite, double nonfinite) implements Serializable {
  public static final ExactSum ZERO = new ExactSum(BigDecimal.ZERO, 0);

  /** This sum plus {@code x}. */
  public ExactSum plus(double x) {
    return Double.isFinite(x)
        ? new ExactSum(finite.add(new BigDecimal(x)), nonfinite)
        : new ExactSum(finite, nonfinite + x);
  }

  /** This sum plus another. */
  public ExactSum plus(ExactSum o) {
    return new ExactSum(finite.add(o.finite), nonfinite + o.nonfinite);
  }

  /** The sum rounded to a double (non-finite when a term was). */
  public double doubleValue() {
    return nonfinite != 0 ? nonfinite : finite.doubleValue(); // NaN != 0 too
  }
}
