package org.fsneurons.experiments.config;

import org.fsneurons.core.onnx.FsBody;

/**
 * A {@code body} value ({@code --body} or {@code body:}): {@code native} writes the dynamics body and runs the native
 * kernel; {@code dynamics} and {@code table} write that body. Case and surrounding spaces do not matter.
 *
 * @param nativeKernel whether the native kernel was asked for
 * @param body the body written into the model
 */
public record BodyChoice(boolean nativeKernel, FsBody body) {

  /** Parses a body value; UserInputException ("unknown FS body ...") if it is none of native, dynamics, table. */
  public static BodyChoice parse(String text) {
    if (isNative(text)) {
      return new BodyChoice(true, FsBody.DYNAMICS);
    }
    return new BodyChoice(false, FsBody.parse(text));
  }

  /** Whether a body value asks for the native kernel (never throws, unlike {@link #parse}). */
  public static boolean isNative(String text) {
    return text.trim().equalsIgnoreCase("native");
  }
}
