package org.fsneurons.experiments.cli;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.commons.io.FileUtils;
import org.fsneurons.core.UserInputException;
import org.fsneurons.experiments.config.Body;
import org.fsneurons.experiments.config.ExperimentsFile;
import org.fsneurons.experiments.config.Setting;
import org.fsneurons.experiments.plot.Plots;
import org.fsneurons.experiments.runner.RunLoop;
import org.fsneurons.models.data.DatasetSpec;
import org.fsneurons.models.eval.FsEvaluation;
import org.fsneurons.models.eval.Sweep;
import org.fsneurons.models.onnx.OnnxModels;
import org.fsneurons.tracking.Provenance;
import org.fsneurons.tracking.RunRecord;
import org.fsneurons.tracking.RunTags;
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
  /** The tags of the sweep's parent and child runs. */
  /** Where the sweep's runs come from (git commit, versions, host), as {@code ./fs run}'s. */
  private Provenance provenance;

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
      defaultValue = "" + FsEvaluation.Request.DEFAULT_BATCH,
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
      defaultValue = ExperimentsFile.DEFAULT_MLFLOW_EXPERIMENT,
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

  @Override
  public Integer call() {
    // every setting is checked before the first image is evaluated
    for (int k : ks) {
      Setting.RELU_K.flag(k);
    }
    List<Sweep.Statistic> stats =
        statistics.stream().map(st -> new Sweep.Statistic(label(st), statistic(st))).toList();
    Setting.BATCH.flag(batch);
    runtime.check();
    Flags.output("--output", csv, "--model", model);
    Flags.output("--plot", plot, "--model", model, "--output", csv);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Workspace ws = Workspace.of(spec);
    RunCommand.requireFolder("--results", results);
    Path resultsDir = ws.results(results);
    Instant start = Instant.now();
    String parentId = RunLoop.idTime(start) + "-sweep";
    provenance = Provenance.detect(ws.home());
    try (TrackingArgs.Opened t =
            trackingArgs.open("fs sweep", ws.home(), resultsDir, ws.variables(), err);
        var spark = sparkArgs.start("fsneurons sweep " + model.getFileName(), err::println)) {
      Tracking tracking = t.tracking();
      String where = model.toString();
      byte[] bytes = OnnxModels.readBytes(model);
      ModelProto ann = OnnxModels.parse(bytes, where);
      FsEvaluation.checkImageModel(ann, where);
      DatasetSpec.parse(dataset); // the test spec's mistakes are reported before calibrate's
      FsEvaluation.calibrationSpec(calibrate, "--calibrate");
      FsEvaluation.Request base =
          FsEvaluation.Request.builder(model, dataset)
              .datasets(ws.datasets())
              .batch(batch)
              .annConfig(runtime.plain())
              .fsConfig(runtime.fs(Body.AUTO))
              .build();
      Sweep.Pass pass =
          (m, mBytes, fs, r, task) -> {
            try (Progress p = new Progress(task)) {
              return spark == null
                  ? FsEvaluation.evaluate(m, mBytes, fs, r, p)
                  : spark.evaluate(m, mBytes, fs, r).result();
            }
          };
      List<Sweep.Row> rows =
          Sweep.run(
              ann, bytes, base, calibrate, ks, stats, pass, listener(out, err, tracking, parentId));
      double annTop1 = rows.get(0).annTop1();
      try {
        Sweep.writeCsv(rows, csv);
      } catch (UncheckedIOException e) {
        throw new UserInputException(
            "--output " + csv + ": cannot write it (" + e.getCause() + ")", e.getCause());
      }
      out.println("csv: " + csv);
      if (plot != null) {
        Plots.accuracyVsSpikes(
            "FS accuracy vs spikes: " + model.getFileName() + " on " + dataset,
            rows.stream()
                .map(
                    r ->
                        new Plots.SweepPoint(
                            r.alpha(), r.reluK(), r.fs().spikesPerNeuron(), r.fs().fsTop1()))
                .toList(),
            annTop1,
            plot);
        out.println("plot: " + plot);
      }
      out.flush();
      if (tracking.enabled()) {
        Path art = resultsDir.resolve("artifacts").resolve(parentId);
        String sweepName = "sweep " + model.getFileName() + " on " + dataset;
        copy(art, plot == null ? List.of(csv) : List.of(csv, plot));
        Map<String, String> params = new LinkedHashMap<>();
        params.put("model", model.toString());
        params.put("dataset", dataset);
        params.put("calibrate", calibrate);
        params.put("relu_k", ks.toString());
        params.put("statistic", statistics.toString());
        params.put("configurations", String.valueOf(rows.size()));
        err.println(
            "fs sweep: parent run -> "
                + tracking.record(
                    RunRecord.builder(parentId, mlflowExperiment, sweepName)
                        .startMs(start.toEpochMilli())
                        .endMs(System.currentTimeMillis())
                        .params(params)
                        .metrics(Map.of("ann_top1", annTop1))
                        .tags(tags(sweepName, parentId))
                        .artifactDir(art)
                        .build()));
      }
      t.reportSpooled("fs sweep", err);
      return 0;
    }
  }

  private static void copy(Path dir, List<Path> files) {
    for (Path f : files) {
      try {
        FileUtils.copyFileToDirectory(f.toFile(), dir.toFile(), false);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot copy " + f + " to " + dir, e);
      }
    }
  }

  /**
   * Prints the ANN's accuracy and a line per configuration; tracks each configuration as a child
   * run of the sweep's parent run, its row's values as params and metrics.
   */
  private Sweep.Listener listener(
      PrintWriter out, PrintWriter err, Tracking tracking, String parentId) {
    return new Sweep.Listener() {
      private int children;

      @Override
      public void ann(double top1) {
        out.println("ann_top1: " + EvalCommand.fmt(top1));
      }

      @Override
      public void row(Sweep.Row row, long startMs) {
        out.println(
            String.format(
                Locale.ROOT,
                "K=%d %s: fs_top1 %.4f (%+.4f) spikes_per_neuron %.4f",
                row.reluK(),
                row.alpha(),
                row.fs().fsTop1(),
                row.fsMinusAnn(),
                row.fs().spikesPerNeuron()));
        out.flush();
        if (!tracking.enabled()) {
          return;
        }
        String id = parentId + "-" + ++children;
        RunRecord run =
            RunRecord.of(
                id,
                mlflowExperiment,
                "K=" + row.reluK() + " " + row.alpha(),
                startMs,
                System.currentTimeMillis(),
                row.columns(),
                Set.of("relu_k"),
                tags("K=" + row.reluK() + " " + row.alpha(), id),
                null);
        err.println("fs sweep: " + id + " -> " + tracking.record(run.withParent(parentId)));
      }
    };
  }

  /**
   * The MLflow tags of a sweep run: provenance and {@code fs.kind} sweep, status measured (a sweep
   * checks no expectation), as {@code ./fs run} tags its runs.
   */
  private Map<String, String> tags(String what, String localId) {
    return new RunTags(provenance, what, "sweep", "measured", "", localId).build("fs sweep");
  }

  /** A --statistic's label in the CSV's alpha column. */
  private static String label(String s) {
    return statistic(s).isPresent() ? s : "max";
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
}
