package org.fsneurons.fit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.fsneurons.core.coeff.CoefficientFiles;
import org.fsneurons.core.coeff.CoefficientSet;

/** Writing a finished fit so that it is never lost. */
public final class FitFiles {
  private FitFiles() {}

  /**
   * Writes {@code set} to {@code out}; if that fails (the folder went away, the disk is full), to a
   * new file {@code fs-fit-NAME-*.json} in the temporary folder. Returns the file written: {@code
   * out}, or the rescue copy. When the rescue copy cannot be written either, throws the exception
   * of writing {@code out} (with the rescue's as suppressed).
   */
  public static Path writeOrRescue(CoefficientSet set, Path out) {
    try {
      CoefficientFiles.write(set, out);
      return out;
    } catch (RuntimeException e) {
      try {
        Path rescue = Files.createTempFile("fs-fit-" + set.fileStem() + "-", ".json");
        CoefficientFiles.write(set, rescue);
        return rescue;
      } catch (IOException | RuntimeException e2) {
        e.addSuppressed(e2);
        throw e;
      }
    }
  }
}
