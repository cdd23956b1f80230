package org.fsneurons.models.convert;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.fsneurons.core.UserInputException;
import org.fsneurons.core.coeff.TargetFunction;

/**
 * Activation kinds the converter recognises, named as on the command line ({@code --map
 * Relu=relu}): ONNX op types, plus {@code Swish} for the pattern Mul(x, Sigmoid(x)) and {@code
 * Gelu} for both the opset-20 op and the erf pattern.
 */
public enum ActivationKind {
  RELU("Relu", TargetFunction.RELU, "relu"),
  SIGMOID("Sigmoid", TargetFunction.SIGMOID, "sigmoid"),
  SWISH("Swish", TargetFunction.SWISH, "swish"),
  TANH("Tanh", TargetFunction.TANH, null),
  GELU("Gelu", TargetFunction.GELU, null),
  SOFTPLUS("Softplus", TargetFunction.SOFTPLUS, null),
  ELU("Elu", TargetFunction.ELU, null),
  LEAKY_RELU("LeakyRelu", TargetFunction.LEAKY_RELU, null),
  HARD_SWISH("HardSwish", TargetFunction.HARDSWISH, null),
  MISH("Mish", TargetFunction.MISH, null);

  private final String opName;
  private final TargetFunction target;
  private final String defaultSet;

  ActivationKind(String opName, TargetFunction target, String defaultSet) {
    this.opName = opName;
    this.target = target;
    this.defaultSet = defaultSet;
  }

  /** Name as used in mappings and reports (the ONNX op type; {@code Swish} for the pattern). */
  public String opName() {
    return opName;
  }

  /** The function this kind computes. */
  public TargetFunction target() {
    return target;
  }

  /** The coefficient set converted by default (the paper's three), if any. */
  public Optional<String> defaultSet() {
    return Optional.ofNullable(defaultSet);
  }

  /** Kind of a single ONNX op type, if it is an activation. */
  public static Optional<ActivationKind> ofOp(String opType) {
    for (ActivationKind k : values()) {
      if (k.opName.equals(opType)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }

  /** Parses a kind name as given in a mapping (case-insensitive; {@code silu} = Swish). */
  public static ActivationKind parse(String s) {
    String n = s.trim().toLowerCase(Locale.ROOT).replace("_", "");
    if (n.equals("silu")) {
      return SWISH;
    }
    for (ActivationKind k : values()) {
      if (k.opName.toLowerCase(Locale.ROOT).equals(n)) {
        return k;
      }
    }
    throw new UserInputException(
        "unknown activation kind '"
            + s
            + "'; allowed: "
            + Arrays.stream(values())
                .map(ActivationKind::opName)
                .collect(Collectors.joining(", ")));
  }
}
