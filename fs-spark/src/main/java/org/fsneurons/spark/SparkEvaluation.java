package org.fsneurons.spark;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.fsneurons.core.UserInputException;
import org.fsneurons.models.data.DatasetSpec;
import org.fsneurons.models.data.Datasets;
import org.fsneurons.models.data.Normalization;
import org.fsneurons.models.eval.EvalResult;
import org.fsneurons.models.eval.EvalTally;
import org.fsneurons.models.eval.FsEvaluation;
import org.fsneurons.models.eval.ProgressListener;
import org.fsneurons.models.instrument.Instrumenter;
import org.fsneurons.models.onnx.OnnxModels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ./fs eval --spark MASTER}: the evaluation of {@link FsEvaluation#run} with the images spread over Spark
 * partitions. The driver reads the model, calibrates and converts once, broadcasts the model bytes, and merges the
 * partitions' {@link EvalTally tallies}; the numbers equal a single-machine pass (counts and spike totals exactly,
 * input mean/std up to the order of a double sum).
 */
public final class SparkEvaluation {
  private static final Logger LOG = LoggerFactory.getLogger(SparkEvaluation.class);

  private SparkEvaluation() {}

  /** What came out, with how it ran. */
  public record Outcome(FsEvaluation.Outcome outcome, String master, int partitions, int executors,
      double imagesPerSecond, List<Integer> jobIds) {}

  /**
   * @param log receives the progress lines (job id, one line per finished partition)
   */
  public static Outcome run(FsEvaluation.Request r, SparkSettings s, ProgressListener calibrationProgress,
      Consumer<String> log) {
    if (r.batch() < 1) {
      throw new UserInputException("batch: expected a positive number, found " + r.batch());
    }
    if (r.limit() < 0) {
      throw new UserInputException("limit: expected a non-negative number, found " + r.limit());
    }
    String where = r.model().toString();
    byte[] bytes = OnnxModels.readBytes(r.model());
    ModelProto ann = OnnxModels.parse(bytes, where);
    FsEvaluation.checkImageModel(ann, where);
    DatasetSpec spec = DatasetSpec.parse(r.dataset());
    if (r.limit() > 0 && (!spec.hasLimit() || spec.limit() > r.limit())) {
      spec = spec.withLimit(r.limit());
    }
    Normalization norm = r.normalization() == null ? spec.kind().defaultNormalization()
        : Normalization.parse(r.normalization());
    int res = resolution(ann, spec, r.resolution());
    // the folders executors read: resolved here, shipped with the task (executors need not share the environment)
    Datasets env = Datasets.fromEnvironment();
    Map<String, String> vars = new HashMap<>();
    String dirValue = variable(spec.kind().variable());
    vars.put(spec.kind().variable(), dirValue != null && DataFolders.isUri(dirValue) ? dirValue
        : env.directory(spec.kind()).toAbsolutePath().toString());
    String labels = variable(Datasets.IMAGENET_LABELS);
    if (labels != null) {
      vars.put(Datasets.IMAGENET_LABELS, labels);
    }
    Datasets local = Datasets.withVariables(Map.of(spec.kind().variable(),
        DataFolders.local(vars.get(spec.kind().variable()))));
    int images = ImageCount.of(spec, labels == null ? local : env, norm, res);
    if (images == 0) {
      throw new UserInputException(spec + ": no images to evaluate (the dataset or its limit is empty)");
    }
    FsEvaluation.FsModel fsModel = r.fs() ? FsEvaluation.prepareFs(ann, r, where, calibrationProgress) : null;
    byte[] fsBytes = fsModel == null ? null : fsModel.instrumented().model().toByteArray();
    List<Instrumenter.Probe> probes = fsModel == null ? List.of() : fsModel.instrumented().probes();

    SparkConf conf = new SparkConf().setMaster(s.master()).setAppName("fsneurons eval " + r.model().getFileName());
    conf.setIfMissing("spark.ui.enabled", "false");
    if (s.local()) {
      conf.setIfMissing("spark.driver.host", "127.0.0.1");
      conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
    } else if (!conf.contains("spark.jars")) {
      conf.set("spark.jars", String.join(",", AppJars.find()));
    }
    long t0 = System.nanoTime();
    try (JavaSparkContext sc = new JavaSparkContext(conf)) {
      sc.setLogLevel("WARN");
      int parts = s.partitions() > 0 ? s.partitions() : sc.defaultParallelism();
      List<ImageRanges.Range> ranges = ImageRanges.split(images, parts, r.batch());
      SparkProgress progress = new SparkProgress(ranges, images, log);
      sc.sc().addSparkListener(progress);
      Broadcast<byte[]> annB = sc.broadcast(bytes);
      Broadcast<byte[]> fsB = fsBytes == null ? null : sc.broadcast(fsBytes);
      PartitionJob job = new PartitionJob(annB, fsB, probes, spec, vars, norm, res, r.batch(), r.layout(), where,
          r.annConfig(), r.fs() && r.fsConfig().customOpLibrary().isPresent());
      List<PartitionJob.PartResult> results;
      try {
        results = sc.parallelize(ranges, ranges.size()).map(job::run).collect();
      } catch (Exception e) { // Scala's SparkException is checked in Java
        throw failure(e);
      }
      log.accept("spark: jobs " + progress.jobs() + " on " + s.master() + " finished");
      EvalTally total = null;
      boolean nativeKernel = true;
      List<PartitionJob.PartResult> sorted = new ArrayList<>(results);
      sorted.sort(java.util.Comparator.comparingInt(p -> p.range().index()));
      for (PartitionJob.PartResult p : sorted) {
        if (p.tally() != null) {
          total = total == null ? p.tally() : total.merge(p.tally());
          nativeKernel &= p.nativeKernel();
        }
      }
      double secs = (System.nanoTime() - t0) / 1e9;
      EvalResult result = total.result();
      FsEvaluation.Outcome o = new FsEvaluation.Outcome(result, fsModel == null ? null : fsModel.conversion(),
          fsModel == null ? List.of() : fsModel.calibrations(), r.fs() && nativeKernel, spec.toString(),
          OnnxModels.sha256(bytes), null);
      return new Outcome(o, s.master(), ranges.size(), progress.executors(), images / secs, progress.jobs());
    }
  }

  /** One line for a failed job: bad input (exit 2) names the partition's image range and the cause. */
  static RuntimeException failure(Exception e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof UserInputException u) {
        return new UserInputException(u.getMessage().lines().findFirst().orElse(""));
      }
    }
    String msg = String.valueOf(e.getMessage());
    java.util.regex.Matcher m = java.util.regex.Pattern.compile(
        "org\\.fsneurons\\.core\\.UserInputException: ([^\\n]*)").matcher(msg);
    if (m.find()) {
      return new UserInputException(m.group(1).trim());
    }
    if (e instanceof RuntimeException re && !(e instanceof UserInputException)) {
      return re;
    }
    return new IllegalStateException("spark job failed: " + msg.lines().findFirst().orElse(""), e);
  }

  private static String variable(String name) {
    String v = System.getProperty(name);
    return v != null ? v : System.getenv(name);
  }

  /** ImageNet's resolution defaults to the model's input side, as in {@link FsEvaluation#openData}. */
  private static int resolution(ModelProto ann, DatasetSpec ds, int requested) {
    if (requested != 0 || ds.kind() != DatasetSpec.Kind.IMAGENET) {
      return requested;
    }
    long[] sh = OnnxModels.shape(ann.getGraph().getInput(0)).orElse(new long[0]);
    if (sh.length == 4) {
      long side = sh[1] == 3 ? sh[2] : sh[1];
      return side > 0 ? (int) side : 0;
    }
    return 0;
  }
}
