package org.fsneurons.core.onnx;

import java.util.Locale;
import org.fsneurons.core.UserInputException;

/** How the FSNeuron function body computes the neuron in standard ONNX ops. */
public enum FsBody {
  /** The K steps unrolled into Greater/Cast/Mul/Add/Sub. */
  DYNAMICS,
  /**
   * Exact lookup: uniform grid finer than the smallest breakpoint gap, one breakpoint test per
   * cell.
   */
  TABLE;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static FsBody parse(String s) {
    for (FsBody b : values()) {
      if (b.id().equalsIgnoreCase(s.trim())) {
        return b;
      }
    }
    throw new UserInputException("unknown FS body '" + s + "'; allowed: dynamics, table");
  }
}
