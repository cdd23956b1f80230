package org.fsneurons.experiments.config;

import java.util.Locale;
import org.fsneurons.core.UserInputException;
import org.fsneurons.core.onnx.FsBody;

/**
 * The FS function body asked for ({@code --body} or {@code body:}): {@code auto} (the default) runs
 * the native kernel on CPU when it loads and the dynamics body otherwise; {@code native} asks for
 * the native kernel (and says so when it cannot load); {@code dynamics} and {@code table} write
 * that body and run it in ONNX Runtime.
 */
public enum Body {
  AUTO,
  NATIVE,
  DYNAMICS,
  TABLE;

  /** Case and surrounding spaces do not matter; UserInputException names the allowed values. */
  public static Body parse(String text) {
    try {
      return valueOf(text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new UserInputException(
          "expected auto, native, table or dynamics, found '" + text + "'");
    }
  }

  /**
   * The body written into the model (the native kernel replaces the dynamics body where it runs).
   */
  public FsBody written() {
    return this == TABLE ? FsBody.TABLE : FsBody.DYNAMICS;
  }

  /** Whether the native kernel is registered when it loads. */
  public boolean nativeKernel() {
    return this == AUTO || this == NATIVE;
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
