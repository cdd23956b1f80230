package org.fsneurons.models.eval;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.fsneurons.models.convert.Calibrator;
import org.fsneurons.models.convert.ConversionOptions;
import org.fsneurons.models.data.DatasetSpec;
import org.fsneurons.models.instrument.Instrumenter;
import org.fsneurons.models.onnx.OpsetUpgrade;
import org.fsneurons.models.progress.ProgressListener;

/**
 * Accuracy against spikes of calibrated FS-ReLU over K and the calibration statistic ({@code ./fs
 * sweep}): one ANN pass, the paper's fixed set (alpha 25, K 10), then the network runs over the
 * calibration images once and only alpha is rebuilt for every statistic and K, each evaluated as
 * {@code ./fs eval --fs} evaluates. The passes go through a {@link Pass}, so that they run here
 * ({@link FsEvaluation#evaluate}) or on a Spark application.
 */
public final class Sweep {
  private Sweep() {}

  /** The label of the paper's row in the {@code alpha} column. */
  public static final String PAPER = "paper (alpha=25)";

  /**
   * One calibration statistic.
   *
   * @param label its name in the {@code alpha} column (as the user wrote it; "max" for the maximum)
   * @param percentile a percentile of each layer's positive inputs, or empty for the maximum
   */
  public record Statistic(String label, OptionalDouble percentile) {}

  /** One evaluation pass, as {@link FsEvaluation#evaluate} takes it; {@code task} names it. */
  @FunctionalInterface
  public interface Pass {
    EvalResult evaluate(
        ModelProto ann,
        byte[] annBytes,
        Instrumenter.Instrumented fs,
        FsEvaluation.Request r,
        String task);
  }

  /** Hears of the sweep's results as they come. */
  public interface Listener {
    /** The ANN's top-1 accuracy, before any FS pass. */
    void ann(double top1);

    /** One configuration evaluated, begun at {@code startMs} (epoch milliseconds). */
    void row(Row row, long startMs);
  }

  /**
   * One configuration: its CSV columns are {@link #columns}.
   *
   * @param model the model's file name
   * @param dataset the test dataset spec
   * @param reluK FS-ReLU time steps
   * @param alpha the statistic's label, or {@link #PAPER}
   * @param calibration the calibration dataset spec, empty for the paper's row
   * @param annTop1 the ANN's top-1 accuracy on the same images
   * @param fs the FS network's evaluation
   */
  public record Row(
      String model,
      String dataset,
      int reluK,
      String alpha,
      String calibration,
      double annTop1,
      EvalResult fs) {
    public double fsMinusAnn() {
      return fs.fsTop1() - annTop1;
    }

    /** The row's CSV columns in order, numbers as numbers. */
    public Map<String, Object> columns() {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("model", model);
      c.put("dataset", dataset);
      c.put("images", fs.images());
      c.put("relu_k", reluK);
      c.put("alpha", alpha);
      c.put("calibration", calibration);
      c.put("ann_top1", annTop1);
      c.put("fs_top1", fs.fsTop1());
      c.put("fs_minus_ann", fsMinusAnn());
      c.put("spikes_per_neuron", fs.spikesPerNeuron());
      c.put("neurons", fs.neurons());
      c.put("fs_input_mean", fs.inputMean());
      c.put("fs_input_std", fs.inputStd());
      return c;
    }
  }

  /**
   * Runs the sweep: the paper's row first, then for each statistic every K.
   *
   * @param ann the model as read and checked ({@link FsEvaluation#checkImageModel})
   * @param annBytes its bytes
   * @param base the ANN's request: model, test dataset, batch, session settings, ...; its
   *     calibration and saveFs are not used
   * @param calibration the calibration dataset spec (a test split is refused)
   */
  public static List<Row> run(
      ModelProto ann,
      byte[] annBytes,
      FsEvaluation.Request base,
      String calibration,
      List<Integer> ks,
      List<Statistic> statistics,
      Pass pass,
      Listener listener) {
    String where = base.model().toString();
    double annTop1 = pass.evaluate(ann, annBytes, null, base, "ANN").annTop1();
    listener.ann(annTop1);
    List<Row> rows = new ArrayList<>();
    // the default mapping's ReLU set is the paper's: alpha 25, K 10
    rows.add(row(ann, base, ConversionOptions.defaults(), 10, PAPER, "", annTop1, pass, listener));
    // the network runs over the calibration images once, normalised as ./fs eval --calibrate
    // does; only alpha depends on the statistic and K
    boolean histograms = statistics.stream().anyMatch(s -> s.percentile().isPresent());
    Calibrator.ReluInputs inputs =
        Calibrator.collect(
            OpsetUpgrade.toOpset7(ann, where), // as FsEvaluation.prepareFs calibrates
            FsEvaluation.CalibrationRun.of(base).images(calibration, where, ProgressListener.NONE),
            histograms);
    for (Statistic s : statistics) {
      for (int k : ks) {
        ConversionOptions options =
            ConversionOptions.defaults()
                .withPerLayer(Calibrator.reluSets(inputs, s.percentile(), k, null));
        rows.add(row(ann, base, options, k, s.label(), calibration, annTop1, pass, listener));
      }
    }
    return rows;
  }

  /** Evaluates one configuration and tells the listener. */
  private static Row row(
      ModelProto ann,
      FsEvaluation.Request base,
      ConversionOptions options,
      int k,
      String alpha,
      String calibration,
      double annTop1,
      Pass pass,
      Listener listener) {
    long startMs = System.currentTimeMillis();
    FsEvaluation.Request r = base.withFs(options);
    String where = base.model().toString();
    Instrumenter.Instrumented fs =
        FsEvaluation.prepareFs(ann, r, where, ProgressListener.NONE).instrumented();
    EvalResult res = pass.evaluate(ann, null, fs, r, "FS K=" + k + " " + alpha);
    String model = base.model().getFileName().toString();
    String dataset = DatasetSpec.parse(base.dataset()).toString();
    Row row = new Row(model, dataset, k, alpha, calibration, annTop1, res);
    listener.row(row, startMs);
    return row;
  }

  /** Writes the rows as CSV, one column per {@link Row#columns} key. */
  public static void writeCsv(List<Row> rows, Path csv) {
    EvalReports.writeCsv(
        csv,
        List.copyOf(rows.get(0).columns().keySet()),
        rows.stream().map(r -> List.copyOf(r.columns().values())).toList());
  }
}
