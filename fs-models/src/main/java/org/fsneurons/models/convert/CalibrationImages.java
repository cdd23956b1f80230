package org.fsneurons.models.convert;

import java.util.Objects;
import org.fsneurons.models.data.ImageDataset;
import org.fsneurons.models.data.Layout;
import org.fsneurons.models.ort.SessionConfig;
import org.fsneurons.models.progress.ProgressListener;

/**
 * The images a network runs over to calibrate its FS neurons ({@link Calibrator}, {@link
 * SetSelector}), and how it runs them.
 *
 * @param data the calibration images (never the test split)
 * @param batch images per run, at least 1
 * @param layout the input layout, or null to take it from the model's input shape
 * @param session the ONNX Runtime settings of the ANN
 * @param where the model in messages (its path)
 * @param progress told of the images done
 */
public record CalibrationImages(
    ImageDataset data,
    int batch,
    Layout layout,
    SessionConfig session,
    String where,
    ProgressListener progress) {
  public CalibrationImages {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(progress, "progress");
    if (batch < 1) {
      throw new IllegalArgumentException("batch must be >= 1, found " + batch);
    }
  }

  /** The same images and settings, telling {@code p} of progress. */
  public CalibrationImages withProgress(ProgressListener p) {
    return new CalibrationImages(data, batch, layout, session, where, p);
  }
}
