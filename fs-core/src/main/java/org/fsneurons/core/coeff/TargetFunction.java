package org.fsneurons.core.coeff;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.fsneurons.core.UserInputException;

/** Activation functions that FS neurons approximate, evaluated in double precision. */
public enum TargetFunction {
  RELU("relu") {
    @Override
    public double apply(double x) {
      return x > 0 ? x : 0;
    }
  },
  SIGMOID("sigmoid") {
    @Override
    public double apply(double x) {
      return 1.0 / (1.0 + Math.exp(-x));
    }
  },
  /** x·sigmoid(x), also called SiLU. */
  SWISH("swish", "silu") {
    @Override
    public double apply(double x) {
      return x / (1.0 + Math.exp(-x));
    }
  },
  /** The exact (erf) form x·Φ(x). */
  GELU("gelu") {
    @Override
    public double apply(double x) {
      return 0.5 * x * (1.0 + Erf.erf(x / Math.sqrt(2.0)));
    }
  },
  TANH("tanh") {
    @Override
    public double apply(double x) {
      return Math.tanh(x);
    }
  },
  SOFTPLUS("softplus") {
    @Override
    public double apply(double x) {
      return x > 30 ? x : Math.log1p(Math.exp(x));
    }
  },
  /** ELU with alpha = 1. */
  ELU("elu") {
    @Override
    public double apply(double x) {
      return x > 0 ? x : Math.expm1(x);
    }
  },
  /** Leaky ReLU with the ONNX default slope 0.01. */
  LEAKY_RELU("leaky_relu", "leakyrelu") {
    @Override
    public double apply(double x) {
      return x > 0 ? x : 0.01 * x;
    }
  },
  /** x·relu6(x+3)/6. */
  HARDSWISH("hardswish", "hard_swish") {
    @Override
    public double apply(double x) {
      return x * Math.min(Math.max(x + 3.0, 0.0), 6.0) / 6.0;
    }
  },
  /** x·tanh(softplus(x)). */
  MISH("mish") {
    @Override
    public double apply(double x) {
      return x * Math.tanh(SOFTPLUS.apply(x));
    }
  };

  private final String[] names;

  TargetFunction(String... names) {
    this.names = names;
  }

  /** The function's value at x. */
  public abstract double apply(double x);

  /** Canonical lower-case name, as used in files and on the command line. */
  public String id() {
    return names[0];
  }

  /** Parses a name (case-insensitive; aliases such as {@code silu} accepted). */
  public static TargetFunction parse(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT).replace('-', '_');
    for (TargetFunction f : values()) {
      for (String alias : f.names) {
        if (alias.equals(n)) {
          return f;
        }
      }
    }
    throw new UserInputException("unknown target function '" + name + "'; known: " + allowed());
  }

  /** Comma-separated list of the canonical names. */
  public static String allowed() {
    return Arrays.stream(values()).map(TargetFunction::id).collect(Collectors.joining(", "));
  }

  /**
   * Error function, Abramowitz-Stegun 7.1.26 refined by a series/continued fraction (|error| &lt;
   * 1e-15).
   */
  static final class Erf {
    private Erf() {}

    static double erf(double x) {
      if (Double.isNaN(x)) {
        return x;
      }
      double ax = Math.abs(x);
      double r;
      if (ax < 2.5) {
        // Maclaurin series: erf(x) = 2/sqrt(pi) * sum (-1)^n x^(2n+1) / (n! (2n+1))
        double term = ax;
        double sum = ax;
        double x2 = ax * ax;
        for (int n = 1; n < 200; n++) {
          term *= -x2 / n;
          double add = term / (2 * n + 1);
          sum += add;
          if (Math.abs(add) < 1e-17 * Math.abs(sum)) {
            break;
          }
        }
        r = 2.0 / Math.sqrt(Math.PI) * sum;
      } else if (ax > 6.5) {
        r = 1.0;
      } else {
        // continued fraction for erfc, evaluated backwards (Lentz not needed at this range)
        double f = 0.0;
        for (int n = 60; n >= 1; n--) {
          f = n / 2.0 / (ax + f);
        }
        double erfc = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / (ax + f);
        r = 1.0 - erfc;
      }
      return x < 0 ? -r : r;
    }
  }
}
