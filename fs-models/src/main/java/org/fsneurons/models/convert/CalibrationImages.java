package org.fsneurons.models.convert;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.fsneurons.models.data.ImageDataset;
import org.fsneurons.models.data.InputLayout;
import org.fsneurons.models.data.Layout;
import org.fsneurons.models.ort.OrtRunner;
import org.fsneurons.models.ort.SessionConfig;
import org.fsneurons.models.ort.Tensor;
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

  /** What a probe pass does with one batch's outputs. */
  @FunctionalInterface
  interface BatchSink {
    /**
     * @param pass the pass (0-based)
     * @param count images in this batch
     * @param outputs the probe's wanted outputs of this batch, by name
     */
    void accept(int pass, int count, Map<String, Tensor> outputs);
  }

  /**
   * Runs {@code probe} (the network with the outputs to measure added) over the images in one
   * session, once per element of {@code passes} (the outputs wanted in that pass), batch by batch,
   * telling {@link #progress} of the images done over all passes.
   */
  void run(ModelProto probe, String purpose, List<List<String>> passes, BatchSink sink) {
    try (OrtRunner r = OrtRunner.open(probe, where + " (" + purpose + ")", session)) {
      String input = r.inputNames().get(0);
      Layout order = InputLayout.choose(r.inputShape(input), data, layout, where);
      InputLayout.requireBatches(r.inputShape(input), data.size(), batch, where);
      long total = (long) passes.size() * data.size();
      for (int pass = 0; pass < passes.size(); pass++) {
        for (int start = 0; start < data.size(); start += batch) {
          int b = Math.min(batch, data.size() - start);
          float[] x = new float[b * data.imageSize()];
          data.batch(start, b, order, x);
          Tensor in = Tensor.ofFloats(x, data.batchShape(b, order));
          sink.accept(pass, b, r.run(Map.of(input, in), passes.get(pass)));
          progress.progress((long) pass * data.size() + start + b, total);
        }
      }
    }
  }

  /** The same images and settings, telling {@code p} of progress. */
  public CalibrationImages withProgress(ProgressListener p) {
    return new CalibrationImages(data, batch, layout, session, where, p);
  }
}
