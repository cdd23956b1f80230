package org.fsneurons.spark;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.fsneurons.core.UserInputException;
import org.fsneurons.models.data.DatasetSpec;
import org.fsneurons.models.data.Datasets;
import org.fsneurons.models.data.ImageDataset;
import org.fsneurons.models.data.InputLayout;
import org.fsneurons.models.data.Layout;
import org.fsneurons.models.data.Normalization;
import org.fsneurons.models.eval.EvalResult;
import org.fsneurons.models.eval.EvalTally;
import org.fsneurons.models.eval.FsEvaluation;
import org.fsneurons.models.instrument.Instrumenter;
import org.fsneurons.models.onnx.OnnxModels;
import org.fsneurons.models.ort.OrtRunner;
import org.fsneurons.models.ort.SessionConfig;
import org.fsneurons.models.progress.ProgressListener;

/**
 * {@code ./fs eval --spark MASTER}: the evaluation of {@link FsEvaluation#run} with the images
 * spread over Spark partitions. The driver reads the model, calibrates and converts once,
 * broadcasts the model bytes, and merges the partitions' {@link EvalTally tallies}; the numbers
 * equal a single-machine pass (counts and spike totals exactly, input mean/std up to the order of a
 * double sum).
 */
public final class SparkEvaluation implements AutoCloseable {
  private final JavaSparkContext sc;
  private final SparkSettings settings;
  private final Consumer<String> log;
  private final Set<String> executors = new TreeSet<>();
  private final List<Integer> jobs = new ArrayList<>();

  private SparkEvaluation(JavaSparkContext sc, SparkSettings settings, Consumer<String> log) {
    this.sc = sc;
    this.settings = settings;
    this.log = log;
  }

  /**
   * What came out, with how it ran.
   *
   * @param outcome the same {@link FsEvaluation.Outcome} as {@link FsEvaluation#run} on one machine
   *     (result, conversion, calibrations, native kernel, dataset name, model SHA-256, synops); its
   *     {@code result().seconds()} is the distributed pass's wall time
   * @param master the Spark master used
   * @param partitions image ranges the dataset was split into (one Spark task each)
   * @param executors executors that finished at least one partition
   * @param imagesPerSecond images over the distributed pass's wall time (model building and Spark
   *     start-up excluded)
   * @param jobIds Spark job ids, for the cluster's logs and UI
   */
  public record Outcome(
      FsEvaluation.Outcome outcome,
      String master,
      int partitions,
      int executors,
      double imagesPerSecond,
      List<Integer> jobIds) {}

  /**
   * One distributed pass: the numbers ({@link EvalResult#seconds} is the pass's wall time, not the
   * partitions' sum), whether every partition ran the native kernel, how it was split, and (with an
   * FS model) the input shape of one image as evaluated, for {@link FsEvaluation#synops}.
   */
  public record Pass(
      EvalResult result,
      boolean nativeKernel,
      String datasetName,
      int partitions,
      double imagesPerSecond,
      long[] oneImage) {
    public Pass {
      oneImage = oneImage == null ? null : oneImage.clone();
    }

    @Override
    public long[] oneImage() {
      return oneImage == null ? null : oneImage.clone();
    }
  }

  /**
   * Starts a Spark application (one per command; {@link #close} stops it). Local masters bind the
   * driver to 127.0.0.1; other masters get the application's jars ({@link AppJars}) unless {@code
   * spark.jars} is set (as spark-submit does). The Spark UI is off unless {@code
   * -Dspark.ui.enabled=true}.
   *
   * @param log receives the progress lines (job id, one line per finished partition)
   */
  public static SparkEvaluation start(SparkSettings s, String appName, Consumer<String> log) {
    SparkConf conf = new SparkConf().setMaster(s.master()).setAppName(appName);
    conf.setIfMissing("spark.ui.enabled", "false");
    if (s.local()) {
      conf.setIfMissing("spark.driver.host", "127.0.0.1");
      conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
    } else if (!conf.contains("spark.jars")) {
      conf.set("spark.jars", String.join(",", AppJars.find()));
    }
    JavaSparkContext sc = new JavaSparkContext(conf);
    sc.setLogLevel("WARN");
    return new SparkEvaluation(sc, s, log);
  }

  /** Stops the Spark application. */
  @Override
  public void close() {
    sc.close();
  }

  /** Executors that finished at least one partition so far. */
  public int executors() {
    return executors.size();
  }

  /** Spark job ids run so far. */
  public List<Integer> jobIds() {
    return List.copyOf(jobs);
  }

  /**
   * {@link FsEvaluation#run} on Spark, in one call: starts a Spark application on {@code
   * s.master()}, evaluates, stops it. The model is read, calibrated and converted once, here on the
   * driver, and broadcast; the numbers equal the single-machine {@link FsEvaluation#run} of the
   * same request. This is the entry point for callers other than {@code ./fs eval} (an accuracy
   * experiment with a {@code spark: {master, partitions}} setting):
   *
   * <pre>{@code
   * SparkEvaluation.Outcome o = SparkEvaluation.run(request, new SparkSettings(master, partitions), calProgress, log);
   * o.outcome();            // as FsEvaluation.run(request, ...) returns it
   * o.master(); o.partitions(); o.executors(); o.imagesPerSecond();   // engine facts to record
   * }</pre>
   *
   * <p>A cluster master ({@code spark://...}, {@code yarn}, ...) gets the application's jars from
   * the class path ({@link AppJars}) unless {@code spark.jars} is set; the dataset folder must be
   * readable by every executor.
   *
   * @param s master and partition count (0: Spark's default parallelism)
   * @param calibrationProgress progress of {@code --calibrate} on the driver
   * @param log receives the progress lines (job id, one line per finished or failed partition)
   * @throws UserInputException bad model, flags or data; a partition's bad data names its image
   *     range
   */
  public static Outcome run(
      FsEvaluation.Request r,
      SparkSettings s,
      ProgressListener calibrationProgress,
      Consumer<String> log) {
    String where = r.model().toString();
    byte[] bytes = OnnxModels.readBytes(r.model());
    ModelProto ann = OnnxModels.parse(bytes, where);
    FsEvaluation.checkImageModel(ann, where);
    FsEvaluation.FsModel fsModel =
        r.fs() ? FsEvaluation.prepareFs(ann, r, where, calibrationProgress) : null;
    try (SparkEvaluation spark = start(s, "fsneurons eval " + r.model().getFileName(), log)) {
      Pass p = spark.evaluate(ann, bytes, fsModel == null ? null : fsModel.instrumented(), r);
      FsEvaluation.Outcome o =
          new FsEvaluation.Outcome(
              p.result(),
              fsModel == null ? null : fsModel.conversion(),
              fsModel == null ? List.of() : fsModel.calibrations(),
              p.nativeKernel(),
              p.datasetName(),
              OnnxModels.sha256(bytes),
              fsModel == null
                  ? null
                  : FsEvaluation.synops(
                      fsModel.conversion(), p.oneImage(), p.result(), r.annConfig(), where));
      return new Outcome(
          o, s.master(), p.partitions(), spark.executors(), p.imagesPerSecond(), spark.jobIds());
    }
  }

  /**
   * One distributed pass over a dataset.
   *
   * @param ann the original model (its input shape sets ImageNet's default resolution)
   * @param annBytes its bytes to run, or null to run the FS network only
   * @param fs the instrumented FS model, or null for the ANN only
   * @param r the dataset, limit, batch, layout, normalisation ({@link FsEvaluation#preprocessing}),
   *     resolution and session settings; the native FS kernel is registered on executors where it
   *     loads when {@code r} asks for FS with the kernel's library; its model names the places in
   *     messages
   */
  public Pass evaluate(
      ModelProto ann, byte[] annBytes, Instrumenter.Instrumented fs, FsEvaluation.Request r) {
    String where = r.model().toString();
    int batch = r.batch();
    Layout layout = r.layout();
    SessionConfig annConfig = r.annConfig();
    boolean nativeKernel = r.fs() && r.fsConfig().customOpLibrary().isPresent();
    DatasetSpec spec = DatasetSpec.parse(r.dataset());
    if (r.limit() > 0 && (!spec.hasLimit() || spec.limit() > r.limit())) {
      spec = spec.withLimit(r.limit());
    }
    // the normalisation FsEvaluation.run uses: the request's, else the model's metadata JSON, else
    // the dataset's
    Normalization norm = FsEvaluation.preprocessing(r).normalization();
    int res = resolution(ann, spec, r.resolution());
    // the folders executors read: resolved here, shipped with the task (executors need not share
    // the environment)
    Map<String, String> vars = new HashMap<>();
    Datasets folders = r.datasets();
    String dirValue = folders.variable(spec.kind().variable());
    vars.put(
        spec.kind().variable(),
        dirValue != null && DataFolders.isUri(dirValue)
            ? dirValue
            : folders.directory(spec.kind()).toAbsolutePath().toString());
    String labels = folders.variable(Datasets.IMAGENET_LABELS);
    if (labels != null) {
      vars.put(Datasets.IMAGENET_LABELS, labels);
    }
    Map<String, String> localVars = new HashMap<>(vars);
    localVars.put(spec.kind().variable(), DataFolders.local(vars.get(spec.kind().variable())));
    int images = ImageCount.of(spec, Datasets.withVariables(localVars), norm, res);
    if (images == 0) {
      throw new UserInputException(
          spec + ": no images to evaluate (the dataset or its limit is empty)");
    }
    long t0 = System.nanoTime();
    int parts = settings.partitions() > 0 ? settings.partitions() : sc.defaultParallelism();
    List<ImageRanges.Range> ranges = ImageRanges.split(images, parts, batch);
    SparkProgress progress = new SparkProgress(ranges, images, log);
    sc.sc().addSparkListener(progress);
    List<PartitionJob.PartResult> results;
    Broadcast<byte[]> annB = annBytes == null ? null : sc.broadcast(annBytes);
    Broadcast<byte[]> fsB = fs == null ? null : sc.broadcast(fs.model().toByteArray());
    try {
      PartitionJob job =
          new PartitionJob(
              annB,
              fsB,
              fs == null ? List.of() : fs.probes(),
              spec,
              vars,
              norm,
              res,
              batch,
              layout,
              where,
              annConfig,
              fs != null && nativeKernel);
      results = sc.parallelize(ranges, ranges.size()).map(job::run).collect();
      progress.awaitAll(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for Spark's progress events", e);
    } catch (Exception e) { // Scala's SparkException is checked in Java
      throw failure(e);
    } finally {
      sc.sc().removeSparkListener(progress);
      jobs.addAll(progress.jobs());
      // blocking (Scala's destroy(blocking), public to Java): an asynchronous removal still running
      // when the context stops makes Scala print RejectedExecutionException stack traces
      if (annB != null) {
        annB.destroy(true);
      }
      if (fsB != null) {
        fsB.destroy(true);
      }
    }
    log.accept(
        "spark: job "
            + progress.jobs()
            + " on "
            + settings.master()
            + " finished: "
            + images
            + " images in "
            + ranges.size()
            + " partitions");
    EvalTally total = null;
    boolean nat = fs != null;
    List<PartitionJob.PartResult> sorted = new ArrayList<>(results);
    sorted.sort(Comparator.comparingInt(p -> p.range().index()));
    for (PartitionJob.PartResult p : sorted) {
      if (p.tally() != null) {
        total = total == null ? p.tally() : total.merge(p.tally());
        nat &= p.nativeKernel();
        executors.add(p.executor());
      }
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    EvalResult m = total.result();
    EvalResult merged =
        new EvalResult(
            m.images(),
            m.annTop1(),
            m.annTop5(),
            m.fsTop1(),
            m.fsTop5(),
            m.neurons(),
            m.spikesPerNeuron(),
            m.inputMean(),
            m.inputStd(),
            m.layers(),
            secs,
            m.nonfiniteOutputs(),
            m.annConfusion(),
            m.fsConfusion());
    long[] one = null;
    if (fs != null) {
      // read after the job, so that bad data is reported by its partition; the first image was read
      // fine there
      ImageDataset first = Datasets.withVariables(localVars).open(spec.withLimit(1), norm, res);
      try (OrtRunner a = OrtRunner.open(ann, where, annConfig)) {
        one =
            first.batchShape(
                1, InputLayout.choose(a.inputShape(a.inputNames().get(0)), first, layout, where));
      }
    }
    return new Pass(merged, nat, spec.toString(), ranges.size(), images / secs, one);
  }

  /**
   * One line for a failed job: bad input (exit 2) names the partition's image range and the cause.
   */
  static RuntimeException failure(Exception e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof UserInputException u) {
        return new UserInputException(u.getMessage().lines().findFirst().orElse(""));
      }
    }
    String msg = String.valueOf(e.getMessage());
    Matcher m =
        Pattern.compile("org\\.fsneurons\\.core\\.UserInputException: ([^\\n]*)").matcher(msg);
    if (m.find()) {
      return new UserInputException(m.group(1).trim());
    }
    if (e instanceof RuntimeException re && !(e instanceof UserInputException)) {
      return re;
    }
    return new IllegalStateException("spark job failed: " + msg.lines().findFirst().orElse(""), e);
  }

  /**
   * ImageNet's resolution defaults to the model's input side, as in {@link FsEvaluation#openData}.
   */
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
