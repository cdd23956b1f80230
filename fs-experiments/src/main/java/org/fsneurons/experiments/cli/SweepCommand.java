package org.fsneurons.experiments.cli;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.fsneurons.core.UserInputException;
import org.fsneurons.core.coeff.CoefficientSet;
import org.fsneurons.experiments.config.Body;
import org.fsneurons.experiments.config.Setting;
import org.fsneurons.experiments.plot.Plots;
import org.fsneurons.experiments.runner.RunLoop;
import org.fsneurons.models.convert.Calibrator;
import org.fsneurons.models.convert.ConversionOptions;
import org.fsneurons.models.data.DatasetSpec;
import org.fsneurons.models.data.ImageDataset;
import org.fsneurons.models.eval.EvalResult;
import org.fsneurons.models.eval.FsEvaluation;
import org.fsneurons.models.instrument.Instrumenter;
import org.fsneurons.models.onnx.OnnxModels;
import org.fsneurons.models.onnx.OpsetUpgrade;
import org.fsneurons.models.progress.ProgressListener;
import org.fsneurons.spark.SparkEvaluation;
import org.fsneurons.tracking.RunRecord;
import org.fsneurons.tracking.Tracking;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./fs sweep}: accuracy against spikes of calibrated FS-ReLU over K and the calibration
 * statistic.
 */
@Command(
    name = "sweep",
    mixinStandardHelpOptions = true,
    description = {
      "Accuracy vs spikes of calibrated FS-ReLU over K and the calibration statistic.",
      "Evaluates FS versions of a ReLU network with per-layer alpha calibrated for every K and statistic given",
      "(maximum or percentiles of each layer's positive inputs), plus the paper's fixed set, in one process.",
      "Writes one CSV row per configuration and an accuracy-vs-spikes plot. Tracked like ./fs run: one MLflow",
      "parent run for the sweep (its settings, ann_top1, the CSV and plot) with one child run per configuration."
    })
public final class SweepCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "M.onnx",
      description = "The trained ReLU network.")
  Path model;

  @Option(
      names = "--dataset",
      required = true,
      paramLabel = "SPEC",
      description = "Test images, e.g. fashion-mnist:test or cifar10:test:2000.")
  String dataset;

  @Option(
      names = "--calibrate",
      required = true,
      paramLabel = "SPEC",
      description = "Calibration images (never the test split), e.g. fashion-mnist:train:2000.")
  String calibrate;

  @Option(
      names = "--relu-k",
      split = ",",
      splitSynopsisLabel = ",",
      defaultValue = "6,8,10",
      paramLabel = "K",
      description = "FS-ReLU time steps, each 1..30 (default ${DEFAULT-VALUE}).")
  List<Integer> ks;

  @Option(
      names = "--statistic",
      split = ",",
      splitSynopsisLabel = ",",
      defaultValue = "99.9,99.99,max",
      paramLabel = "P|max",
      description = "Percentiles of positive inputs, or 'max' (default ${DEFAULT-VALUE}).")
  List<String> statistics;

  @Option(
      names = "--batch",
      defaultValue = "100",
      paramLabel = "B",
      description = "Batch size (default ${DEFAULT-VALUE}).")
  int batch;

  @Option(
      names = {"-o", "--output"},
      required = true,
      paramLabel = "FILE.csv",
      description =
          "Write one row per configuration: relu_k, alpha, fs_top1, fs_minus_ann, spikes_per_neuron, ...")
  Path csv;

  @Option(
      names = "--plot",
      paramLabel = "FILE.png",
      description = "Also plot fs_top1 against spikes per neuron.")
  Path plot;

  @Option(
      names = "--mlflow-experiment",
      paramLabel = "NAME",
      defaultValue = "fsneurons",
      description = "MLflow experiment of the sweep's runs (default ${DEFAULT-VALUE}).")
  String mlflowExperiment;

  @Mixin TrackingArgs trackingArgs;

  @Option(
      names = "--results",
      paramLabel = "DIR",
      description =
          "Results folder for the parent run's artifacts and the spool (default: $FS_HOME/results).")
  Path results;

  @Mixin RuntimeArgs runtime;

  @Mixin SparkArgs sparkArgs;

  /** The Spark application with --spark, else null. */
  private SparkEvaluation spark;

  @Override
  public Integer call() {
    // every setting is checked before the first image is evaluated
    for (int k : ks) {
      Setting.RELU_K.flag(k);
    }
    for (String st : statistics) {
      statistic(st);
    }
    Setting.BATCH.flag(batch);
    runtime.check();
    Flags.outputFile("--output", csv);
    Flags.distinct("--output", csv, "--model", model);
    if (plot != null) {
      Flags.outputFile("--plot", plot);
      Flags.distinct("--plot", plot, "--model", model);
      Flags.distinct("--plot", plot, "--output", csv);
    }
    PrintWriter err = spec.commandLine().getErr();
    Path home = Home.fsHome();
    RunCommand.requireFolder("--results", results);
    Path resultsDir = Home.resultsDir(results);
    Instant start = Instant.now();
    parentId = RunLoop.idTime(start) + "-sweep";
    try (TrackingArgs.Opened t =
            trackingArgs.open("fs sweep", home, resultsDir, System.getenv(), err);
        var s = sparkArgs.start("fsneurons sweep " + model.getFileName(), err::println)) {
      tracking = t.tracking();
      spark = s;
      int rc = sweep();
      if (tracking.enabled()) {
        Path art = resultsDir.resolve("artifacts").resolve(parentId);
        copy(csv, art);
        if (plot != null) {
          copy(plot, art);
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("model", model.toString());
        params.put("dataset", dataset);
        params.put("calibrate", calibrate);
        params.put("relu_k", ks.toString());
        params.put("statistic", statistics.toString());
        params.put("configurations", String.valueOf(children));
        err.println(
            "fs sweep: parent run -> "
                + tracking.record(
                    new RunRecord(
                        parentId,
                        mlflowExperiment,
                        "sweep " + model.getFileName() + " on " + dataset,
                        start.toEpochMilli(),
                        System.currentTimeMillis(),
                        params,
                        Map.of("ann_top1", sweepAnnTop1),
                        Map.of("fs.kind", "sweep"),
                        art)));
      }
      t.reportSpooled("fs sweep", err);
      return rc;
    }
  }

  private Tracking tracking = Tracking.disabled();

  private String parentId;

  private int children;

  private double sweepAnnTop1 = Double.NaN;

  private static void copy(Path file, Path dir) {
    try {
      Files.createDirectories(dir);
      Files.copy(file, dir.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy " + file + " to " + dir, e);
    }
  }

  /**
   * One child run per configuration, linked to the sweep's parent run; its row's values as params
   * and metrics.
   */
  private void track(Map<String, Object> row, long startMs) {
    if (!tracking.enabled()) {
      return;
    }
    Map<String, String> params = new LinkedHashMap<>();
    Map<String, Double> metrics = new LinkedHashMap<>();
    row.forEach(
        (k, v) -> {
          if (v instanceof Number n && !k.equals("relu_k")) {
            metrics.put(k, n.doubleValue());
          } else {
            params.put(k, String.valueOf(v));
          }
        });
    children++;
    String id = parentId + "-" + children;
    String r =
        tracking.record(
            new RunRecord(
                    id,
                    mlflowExperiment,
                    "K=" + row.get("relu_k") + " " + row.get("alpha"),
                    startMs,
                    System.currentTimeMillis(),
                    params,
                    metrics,
                    Map.of("fs.kind", "sweep"),
                    null)
                .withParent(parentId));
    spec.commandLine().getErr().println("fs sweep: " + id + " -> " + r);
  }

  private Integer sweep() {
    String where = model.toString();
    byte[] bytes = OnnxModels.readBytes(model);
    ModelProto ann = OnnxModels.parse(bytes, where);
    FsEvaluation.checkImageModel(ann, where);
    DatasetSpec testSpec = DatasetSpec.parse(dataset);
    DatasetSpec calSpec = DatasetSpec.parse(calibrate);
    if (calSpec.split().equals("test")) {
      throw new UserInputException(
          "--calibrate " + calibrate + ": calibration data must not come from the test split");
    }
    PrintWriter out = spec.commandLine().getOut();
    List<Map<String, Object>> rows = new ArrayList<>();
    FsEvaluation.Request annOnly = request(false, ConversionOptions.defaults());
    double annTop1;
    try (Progress p = new Progress("ANN")) {
      annTop1 = evaluate(ann, bytes, null, annOnly, p).annTop1();
    }
    out.println("ann_top1: " + EvalCommand.fmt(annTop1));
    sweepAnnTop1 = annTop1;
    rows.add(
        run(ann, ConversionOptions.defaults(), testSpec, annTop1, 10, "paper (alpha=25)", out));
    // the network runs over the calibration images once, normalised as ./fs eval --calibrate
    // does; only alpha depends on the statistic and K
    boolean histograms = statistics.stream().anyMatch(st -> statistic(st).isPresent());
    ImageDataset cal =
        FsEvaluation.openCalibration(calSpec, FsEvaluation.preprocessing(annOnly).normalization());
    Calibrator.ReluInputs reluInputs =
        Calibrator.collect(
            OpsetUpgrade.toOpset7(ann, where), // as FsEvaluation.prepareFs calibrates
            cal,
            batch,
            null,
            histograms,
            runtime.plain(),
            where,
            ProgressListener.NONE);
    for (String stat : statistics) {
      OptionalDouble pct = statistic(stat);
      for (int k : ks) {
        Map<String, CoefficientSet> sets = Calibrator.reluSets(reluInputs, pct, k, null);
        rows.add(
            run(
                ann,
                ConversionOptions.defaults().withPerLayer(sets),
                testSpec,
                annTop1,
                k,
                pct.isPresent() ? stat : "max",
                out));
      }
    }
    writeCsv(rows);
    out.println("csv: " + csv);
    if (plot != null) {
      plot(rows, annTop1);
      out.println("plot: " + plot);
    }
    out.flush();
    return 0;
  }

  /**
   * One --statistic: empty for 'max', else a percentile by the rule of eval's --percentile ({@link
   * Setting#PERCENTILE}).
   */
  private static OptionalDouble statistic(String s) {
    if (s.trim().equalsIgnoreCase("max")) {
      return OptionalDouble.empty();
    }
    double p;
    try {
      p = Double.parseDouble(s.trim());
    } catch (NumberFormatException e) {
      throw new UserInputException(
          "--statistic: expected a percentile 0 < P < 100 or 'max', found '" + s + "'");
    }
    if (Setting.PERCENTILE.problem(p) != null) {
      throw new UserInputException("--statistic: " + Setting.PERCENTILE.problem(p));
    }
    return OptionalDouble.of(p);
  }

  /**
   * What {@code ./fs eval --model M --dataset SPEC --batch B [--fs]} evaluates, with the given
   * conversion options (per-layer calibrated sets) in place of the flags' mapping.
   */
  private FsEvaluation.Request request(boolean fs, ConversionOptions options) {
    return FsEvaluation.Request.builder(model, dataset)
        .batch(batch)
        .fs(fs)
        .options(options)
        .annConfig(runtime.plain())
        .fsConfig(runtime.fs(Body.AUTO))
        .build();
  }

  /** One pass of eval's path, here or on the sweep's Spark application. */
  private EvalResult evaluate(
      ModelProto ann,
      byte[] annBytes,
      Instrumenter.Instrumented fs,
      FsEvaluation.Request r,
      Progress p) {
    return spark == null
        ? FsEvaluation.evaluate(ann, annBytes, fs, r, p)
        : spark.evaluate(ann, annBytes, fs, r).result();
  }

  private Map<String, Object> run(
      ModelProto ann,
      ConversionOptions options,
      DatasetSpec test,
      double annTop1,
      int k,
      String statistic,
      PrintWriter out) {
    long startMs = System.currentTimeMillis();
    FsEvaluation.Request req = request(true, options);
    EvalResult r;
    try (Progress p = new Progress("FS K=" + k + " " + statistic)) {
      Instrumenter.Instrumented fs =
          FsEvaluation.prepareFs(ann, req, model.toString(), ProgressListener.NONE).instrumented();
      r = evaluate(ann, null, fs, req, p);
    }
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("model", model.getFileName().toString());
    row.put("dataset", test.toString());
    row.put("images", r.images());
    row.put("relu_k", k);
    row.put("alpha", statistic);
    row.put("calibration", statistic.startsWith("paper") ? "" : calibrate);
    row.put("ann_top1", annTop1);
    row.put("fs_top1", r.fsTop1());
    row.put("fs_minus_ann", r.fsTop1() - annTop1);
    row.put("spikes_per_neuron", r.spikesPerNeuron());
    row.put("neurons", r.neurons());
    row.put("fs_input_mean", r.inputMean());
    row.put("fs_input_std", r.inputStd());
    out.println(
        String.format(
            Locale.ROOT,
            "K=%d %s: fs_top1 %.4f (%+.4f) spikes_per_neuron %.4f",
            k,
            statistic,
            r.fsTop1(),
            r.fsTop1() - annTop1,
            r.spikesPerNeuron()));
    out.flush();
    track(row, startMs);
    return row;
  }

  private void writeCsv(List<Map<String, Object>> rows) {
    try {
      Path parent = csv.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      try (CSVPrinter p =
          new CSVPrinter(
              Files.newBufferedWriter(csv),
              CSVFormat.DEFAULT
                  .builder()
                  .setHeader(rows.get(0).keySet().toArray(String[]::new))
                  .get())) {
        for (Map<String, Object> r : rows) {
          p.printRecord(r.values());
        }
      }
    } catch (IOException e) {
      throw new UserInputException("--output " + csv + ": cannot write it (" + e + ")", e);
    }
  }

  private void plot(List<Map<String, Object>> rows, double annTop1) {
    Plots.accuracyVsSpikes(
        "FS accuracy vs spikes: " + model.getFileName() + " on " + dataset,
        rows.stream()
            .map(
                r ->
                    new Plots.SweepPoint(
                        (String) r.get("alpha"),
                        (int) r.get("relu_k"),
                        (double) r.get("spikes_per_neuron"),
                        (double) r.get("fs_top1")))
            .toList(),
        annTop1,
        plot);
  }
}
