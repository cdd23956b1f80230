package org.fsneurons.models.eval;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import org.fsneurons.core.UserInputException;
import org.fsneurons.core.coeff.CoefficientSet;
import org.fsneurons.core.coeff.CoefficientSets;
import org.fsneurons.models.convert.ActivationKind;
import org.fsneurons.models.convert.CalibrationImages;
import org.fsneurons.models.convert.Calibrator;
import org.fsneurons.models.convert.Conversion;
import org.fsneurons.models.convert.ConversionOptions;
import org.fsneurons.models.convert.Converter;
import org.fsneurons.models.convert.SetSelector;
import org.fsneurons.models.data.DatasetSpec;
import org.fsneurons.models.data.Datasets;
import org.fsneurons.models.data.ImageDataset;
import org.fsneurons.models.data.InputLayout;
import org.fsneurons.models.data.Layout;
import org.fsneurons.models.data.Normalization;
import org.fsneurons.models.data.Preprocessing;
import org.fsneurons.models.energy.EnergyModel;
import org.fsneurons.models.energy.SynapticOps;
import org.fsneurons.models.energy.SynopsReport;
import org.fsneurons.models.instrument.Instrumenter;
import org.fsneurons.models.onnx.OnnxModels;
import org.fsneurons.models.onnx.OpsetUpgrade;
import org.fsneurons.models.ort.BlockedLayout;
import org.fsneurons.models.ort.OrtRunner;
import org.fsneurons.models.ort.SessionConfig;
import org.fsneurons.models.progress.ProgressListener;

/**
 * The whole evaluation of {@code ./fs eval} and of accuracy experiments: load the model and the
 * data, optionally calibrate FS-ReLU per layer, convert, instrument, and run ANN and FS in one
 * pass.
 */
public final class FsEvaluation {
  private FsEvaluation() {}

  /**
   * Data-aware FS-ReLU settings.
   *
   * @param dataset calibration images (a dataset spec, never a test split), or null for none
   * @param percentile a percentile (0, 100) of a layer's positive inputs, or empty for the layer's
   *     maximum
   * @param reluK FS-ReLU time steps, or empty for {@value #DEFAULT_RELU_K} (and, without a dataset,
   *     the conversion's ReLU set unchanged)
   */
  public record Calibration(String dataset, OptionalDouble percentile, OptionalInt reluK) {
    /** K when none is set. */
    public static final int DEFAULT_RELU_K = 10;

    public static final Calibration NONE =
        new Calibration(null, OptionalDouble.empty(), OptionalInt.empty());

    public Calibration {
      Objects.requireNonNull(percentile, "percentile");
      Objects.requireNonNull(reluK, "reluK");
    }

    /**
     * The settings as a CLI option or a YAML key holds them, null where not given (the one place
     * that turns those nulls into empty values).
     */
    public static Calibration of(String dataset, Double percentile, Integer reluK) {
      return new Calibration(
          dataset,
          percentile == null ? OptionalDouble.empty() : OptionalDouble.of(percentile),
          reluK == null ? OptionalInt.empty() : OptionalInt.of(reluK));
    }

    /** The FS-ReLU time steps used: the one set, else {@value #DEFAULT_RELU_K}. */
    public int k() {
      return reluK.orElse(DEFAULT_RELU_K);
    }
  }

  /**
   * What to evaluate; see {@code ./fs eval --help} for the meaning of each setting. Build one with
   * {@link #builder}, which states the defaults.
   *
   * @param model the ONNX model file
   * @param dataset the dataset spec, e.g. {@code fashion-mnist:test:1000}
   * @param limit at most this many images, 0 for all
   * @param batch images per batch, at least 1
   * @param fs also convert and evaluate the FS network
   * @param options the conversion's mapping, body and include/exclude patterns
   * @param calibration data-aware FS-ReLU settings ({@link Calibration#NONE}: none)
   * @param layout the input layout, or null to decide from the model's input shape
   * @param normalization the input normalisation, or null for {@link Preprocessing#resolve}'s
   *     choice
   * @param resolution ImageNet's image size, 0 for the model's input size
   * @param annConfig the ANN's session settings
   * @param fsConfig the FS network's session settings (with the native kernel's library or not)
   * @param saveFs where to save the converted model, or null
   * @param datasets where the dataset folders are (the caller's variables, e.g. FASHION_MNIST_DIR)
   */
  public record Request(
      Path model,
      String dataset,
      int limit,
      int batch,
      boolean fs,
      ConversionOptions options,
      Calibration calibration,
      Layout layout,
      Normalization normalization,
      int resolution,
      SessionConfig annConfig,
      SessionConfig fsConfig,
      Path saveFs,
      Datasets datasets) {
    /** Images per batch unless set. */
    public static final int DEFAULT_BATCH = 100;

    public Request {
      Objects.requireNonNull(model, "model");
      Objects.requireNonNull(dataset, "dataset");
      Objects.requireNonNull(options, "options");
      Objects.requireNonNull(calibration, "calibration");
      Objects.requireNonNull(annConfig, "annConfig");
      Objects.requireNonNull(fsConfig, "fsConfig");
      Objects.requireNonNull(datasets, "datasets");
      if (batch < 1) {
        throw new UserInputException("batch: expected a positive number, found " + batch);
      }
      if (limit < 0) {
        throw new UserInputException("limit: expected a non-negative number, found " + limit);
      }
    }

    /**
     * A request for {@code model} on {@code dataset} with the defaults: all images, batch {@value
     * #DEFAULT_BATCH}, the ANN only, the default conversion, no calibration, layout from the
     * model's input shape, normalisation by {@link Preprocessing#resolve}, ImageNet at the model's
     * input size, CPU sessions without the native kernel, nothing saved, the default dataset
     * folders ({@link Datasets#defaults}).
     */
    public static Builder builder(Path model, String dataset) {
      return new Builder(model, dataset);
    }

    /**
     * The same images and sessions, evaluating the FS network converted with {@code options}: no
     * calibration, nothing saved (one configuration of a sweep).
     */
    public Request withFs(ConversionOptions options) {
      return new Request(
          model,
          dataset,
          limit,
          batch,
          true,
          options,
          Calibration.NONE,
          layout,
          normalization,
          resolution,
          annConfig,
          fsConfig,
          null,
          datasets);
    }

    /** Collects a {@link Request}'s settings; each setter returns this builder. */
    public static final class Builder {
      private final Path model;
      private final String dataset;
      private int limit = 0;
      private int batch = DEFAULT_BATCH;
      private boolean fs = false;
      private ConversionOptions options = ConversionOptions.defaults();
      private Calibration calibration = Calibration.NONE;
      private Layout layout = null;
      private Normalization normalization = null;
      private int resolution = 0;
      private SessionConfig annConfig = SessionConfig.cpu();
      private SessionConfig fsConfig = SessionConfig.cpu();
      private Path saveFs = null;
      private Datasets datasets = Datasets.defaults();

      private Builder(Path model, String dataset) {
        this.model = model;
        this.dataset = dataset;
      }

      public Builder limit(int limit) {
        this.limit = limit;
        return this;
      }

      public Builder batch(int batch) {
        this.batch = batch;
        return this;
      }

      public Builder fs(boolean fs) {
        this.fs = fs;
        return this;
      }

      public Builder options(ConversionOptions options) {
        this.options = options;
        return this;
      }

      public Builder calibration(Calibration calibration) {
        this.calibration = calibration;
        return this;
      }

      public Builder layout(Layout layout) {
        this.layout = layout;
        return this;
      }

      public Builder normalization(Normalization normalization) {
        this.normalization = normalization;
        return this;
      }

      public Builder resolution(int resolution) {
        this.resolution = resolution;
        return this;
      }

      public Builder annConfig(SessionConfig annConfig) {
        this.annConfig = annConfig;
        return this;
      }

      public Builder fsConfig(SessionConfig fsConfig) {
        this.fsConfig = fsConfig;
        return this;
      }

      public Builder saveFs(Path saveFs) {
        this.saveFs = saveFs;
        return this;
      }

      public Builder datasets(Datasets datasets) {
        this.datasets = datasets;
        return this;
      }

      /**
       * The request.
       *
       * @throws UserInputException batch below 1 or a negative limit
       */
      public Request build() {
        return new Request(
            model,
            dataset,
            limit,
            batch,
            fs,
            options,
            calibration,
            layout,
            normalization,
            resolution,
            annConfig,
            fsConfig,
            saveFs,
            datasets);
      }
    }
  }

  /**
   * What came out: the numbers, the conversion, per-layer calibrations, whether the native kernel
   * ran, and (with FS) the synaptic operations with the default energies ({@link
   * SynopsReport#withEnergy} for others).
   */
  public record Outcome(
      EvalResult result,
      Conversion conversion,
      List<Calibrator.LayerCalibration> calibrations,
      boolean nativeKernel,
      String datasetName,
      String modelSha256,
      SynopsReport synops) {}

  public static Outcome run(
      Request r, ProgressListener calibrationProgress, ProgressListener progress) {
    String where = r.model().toString();
    byte[] bytes = OnnxModels.readBytes(r.model());
    ModelProto parsed = OnnxModels.parse(bytes, where);
    checkImageModel(parsed, where);
    ModelProto ann = OpsetUpgrade.toOpset7(parsed, where); // ONNX Runtime runs opset 7 and later
    byte[] annBytes = ann == parsed ? bytes : ann.toByteArray();
    ImageDataset data = openData(ann, r, preprocessing(r).normalization());
    try (OrtRunner annRunner = OrtRunner.open(annBytes, where, r.annConfig())) {
      FsModel m = r.fs() ? prepareFs(ann, r, where, calibrationProgress) : null;
      Instrumenter.Instrumented ins = m == null ? null : m.instrumented();
      try (OrtRunner fsRunner = ins == null ? null : openFs(ins, r, where)) {
        EvalResult res =
            Evaluator.evaluate(
                annRunner,
                fsRunner,
                ins == null ? List.of() : ins.probes(),
                data,
                r.limit(),
                r.batch(),
                r.layout(),
                where,
                progress);
        if (m == null) {
          return new Outcome(
              res, null, List.of(), false, data.name(), OnnxModels.sha256(bytes), null);
        }
        long[] one =
            data.batchShape(
                1,
                InputLayout.choose(
                    annRunner.inputShape(annRunner.inputNames().get(0)), data, r.layout(), where));
        return new Outcome(
            res,
            m.conversion(),
            m.calibrations(),
            fsRunner.customOpsRegistered(),
            data.name(),
            OnnxModels.sha256(bytes),
            synops(m.conversion(), one, res, r.annConfig(), where));
      }
    }
  }

  /** The FS network's session, after {@link BlockedLayout#prepare} (as its settings ask). */
  private static OrtRunner openFs(Instrumenter.Instrumented fs, Request r, String where) {
    return OrtRunner.open(
        BlockedLayout.prepare(fs.model(), r.fsConfig()), where + " (FS)", r.fsConfig());
  }

  /**
   * One pass of a request over a model already read and checked ({@link #checkImageModel}), with
   * the FS side built beforehand ({@link #prepareFs}), so that several FS networks of one model are
   * evaluated without reading it again: the ANN unless {@code annBytes} is null, the FS network
   * unless {@code fs} is null; the data, sessions and numbers of {@link #run}. The local
   * counterpart of {@code SparkEvaluation.evaluate}.
   *
   * @param ann the model as read (run at opset 7 or later, as {@link #run} does)
   * @param annBytes its bytes, or null to run the FS network only (ANN fields are then NaN)
   * @param fs the instrumented FS model, or null for the ANN only
   */
  public static EvalResult evaluate(
      ModelProto ann,
      byte[] annBytes,
      Instrumenter.Instrumented fs,
      Request r,
      ProgressListener progress) {
    String where = r.model().toString();
    ModelProto up = OpsetUpgrade.toOpset7(ann, where);
    ImageDataset data = openData(up, r, preprocessing(r).normalization());
    try (OrtRunner annRunner =
            annBytes == null
                ? null
                : OrtRunner.open(up == ann ? annBytes : up.toByteArray(), where, r.annConfig());
        OrtRunner fsRunner = fs == null ? null : openFs(fs, r, where)) {
      return Evaluator.evaluate(
          annRunner,
          fsRunner,
          fs == null ? List.of() : fs.probes(),
          data,
          r.limit(),
          r.batch(),
          r.layout(),
          where,
          progress);
    }
  }

  /**
   * Calibration images, normalised as the evaluation's inputs so that calibrated thresholds match
   * what the network will see: {@code normalization} where it applies to the calibration dataset,
   * else that dataset's default (also for null).
   */
  public static ImageDataset openCalibration(
      Datasets data, DatasetSpec ds, Normalization normalization) {
    Normalization norm =
        normalization != null && ds.kind().normalizations().contains(normalization)
            ? normalization
            : ds.kind().defaultNormalization();
    return data.open(ds, norm, 0);
  }

  /**
   * The input normalisation of a request and where it came from: the request's own setting, else
   * the model's metadata JSON, else the dataset's default ({@link Preprocessing#resolve}).
   */
  public static Preprocessing preprocessing(Request r) {
    return Preprocessing.resolve(
        r.model(), DatasetSpec.parse(r.dataset()).kind(), r.normalization(), "normalization");
  }

  /**
   * Synaptic operations per image of an evaluated FS network, with the default energies ({@link
   * SynopsReport#withEnergy} for others).
   *
   * @param conv the conversion (its model is analysed, before instrumentation)
   * @param oneImage the input shape of one image, batch 1, in the layout evaluated
   * @param res the evaluation's result (its per-layer spike totals)
   */
  public static SynopsReport synops(
      Conversion conv, long[] oneImage, EvalResult res, SessionConfig cfg, String where) {
    SynapticOps.Analysis fanout = SynapticOps.analyze(conv.model(), oneImage, cfg, where);
    return SynopsReport.of(fanout, res.layers(), EnergyModel.HOROWITZ_45NM);
  }

  /**
   * The FS side of an evaluation: the conversion, its per-layer calibrations, the instrumented
   * model.
   */
  public record FsModel(
      Conversion conversion,
      List<Calibrator.LayerCalibration> calibrations,
      Instrumenter.Instrumented instrumented) {}

  /**
   * Builds the FS model of a request once (also for distributed evaluation, on the driver):
   * optional calibration, conversion (refused when nothing was converted), the optional {@code
   * saveFs} file, instrumentation.
   */
  public static FsModel prepareFs(
      ModelProto model, Request r, String where, ProgressListener calibrationProgress) {
    ModelProto ann = OpsetUpgrade.toOpset7(model, where); // calibration runs it on ONNX Runtime
    List<Calibrator.LayerCalibration> cals = new ArrayList<>();
    ConversionOptions options =
        calibrate(
            ann,
            r.options(),
            r.calibration(),
            CalibrationRun.of(r),
            where,
            cals,
            calibrationProgress);
    Conversion conv = Converter.convert(ann, options, where);
    if (conv.replaced().isEmpty()) {
      throw new UserInputException(
          where
              + ": no activation was converted ("
              + conv.kept().size()
              + " kept); check the mapping and include/exclude patterns");
    }
    if (r.saveFs() != null) {
      OnnxModels.save(conv.model(), r.saveFs());
    }
    return new FsModel(conv, cals, Instrumenter.instrument(conv.model()));
  }

  /**
   * Refuses, in one line, a model that cannot be fed from an image dataset: other than exactly one
   * graph input (not counting initializers listed as inputs), or an input that is not float32.
   */
  public static void checkImageModel(ModelProto model, String where) {
    Set<String> init = new HashSet<>();
    model.getGraph().getInitializerList().forEach(t -> init.add(t.getName()));
    List<ValueInfoProto> inputs =
        model.getGraph().getInputList().stream().filter(v -> !init.contains(v.getName())).toList();
    if (inputs.size() != 1) {
      throw new UserInputException(
          where
              + ": the model has "
              + inputs.size()
              + " inputs "
              + inputs.stream().map(ValueInfoProto::getName).toList()
              + "; expected exactly one float image input [N, C, H, W] or [N, H, W, C]");
    }
    var in = inputs.get(0);
    int type = in.getType().getTensorType().getElemType();
    if (!in.getType().hasTensorType() || type != TensorProto.DataType.FLOAT_VALUE) {
      String found =
          in.getType().hasTensorType()
              ? String.valueOf(TensorProto.DataType.forNumber(type)).toLowerCase(Locale.ROOT)
              : "a non-tensor type";
      throw new UserInputException(
          where
              + ": input '"
              + in.getName()
              + "' is "
              + found
              + "; expected float images (float32 tensor [N, C, H, W] or [N, H, W, C])");
    }
    if (model.getGraph().getOutputCount() < 1) {
      throw new UserInputException(
          where + ": the model has no outputs; expected logits [N, classes]");
    }
  }

  /**
   * Opens the evaluation data of {@code r} (its dataset, limit and folders); ImageNet's resolution
   * defaults to the model's input size.
   *
   * @param normalization the input normalisation, or null for the dataset's default
   */
  public static ImageDataset openData(ModelProto ann, Request r, Normalization normalization) {
    DatasetSpec ds = DatasetSpec.parse(r.dataset());
    if (r.limit() > 0 && (!ds.hasLimit() || ds.limit() > r.limit())) {
      ds = ds.withLimit(r.limit());
    }
    Normalization norm = normalization == null ? ds.kind().defaultNormalization() : normalization;
    int res = r.resolution();
    if (res == 0 && ds.kind() == DatasetSpec.Kind.IMAGENET) {
      long[] s = OnnxModels.shape(ann.getGraph().getInput(0)).orElse(new long[0]);
      if (s.length == 4) {
        long side = s[1] == 3 ? s[2] : s[1];
        res = side > 0 ? (int) side : 0;
      }
    }
    return r.datasets().open(ds, norm, res);
  }

  /**
   * How calibration images run through the network: their folders, their normalisation (null: the
   * calibration dataset's default), images per batch (at most 100 are used), the input layout
   * (null: from the model's input shape) and the session.
   */
  public record CalibrationRun(
      Datasets folders,
      Normalization normalization,
      int batch,
      Layout layout,
      SessionConfig session) {
    public CalibrationRun {
      Objects.requireNonNull(folders, "folders");
      Objects.requireNonNull(session, "session");
    }

    /** The calibration images from {@code folders} in {@code session}, all else by default. */
    public static CalibrationRun of(Datasets folders, SessionConfig session) {
      return new CalibrationRun(folders, null, Request.DEFAULT_BATCH, null, session);
    }

    /**
     * As the evaluation {@code r} runs its images (its folders, normalisation, batch, layout and
     * ANN session), so that calibrated thresholds match the inputs the network will see.
     */
    public static CalibrationRun of(Request r) {
      return new CalibrationRun(
          r.datasets(), preprocessing(r).normalization(), r.batch(), r.layout(), r.annConfig());
    }

    /** The batch that calibration runs: the evaluation's, at most 100 images. */
    public int calibrationBatch() {
      return Math.min(batch, 100);
    }

    /**
     * The calibration images of {@code dataset} ({@link FsEvaluation#calibrationSpec}: never the
     * test split), opened from these folders with this normalisation and run as these settings say
     * ({@link #calibrationBatch()} a batch).
     */
    public CalibrationImages images(String dataset, String where, ProgressListener progress) {
      ImageDataset data =
          openCalibration(folders, calibrationSpec(dataset, "calibrate"), normalization);
      return new CalibrationImages(data, calibrationBatch(), layout, session, where, progress);
    }
  }

  /**
   * The calibration images' dataset spec; the test split is refused (calibrating on the images that
   * are then measured would overstate the accuracy). {@code name} is the flag or key in messages.
   */
  public static DatasetSpec calibrationSpec(String dataset, String name) {
    DatasetSpec ds = DatasetSpec.parse(dataset);
    if (ds.split().equals("test")) {
      throw new UserInputException(
          name
              + " "
              + dataset
              + ": calibration data must not come from the test split; use the train split, e.g. "
              + ds.kind().specName()
              + ":train:2000");
    }
    return ds;
  }

  /**
   * Applies FS-ReLU settings to conversion options: with a calibration dataset, per-layer alphas
   * (the images run as {@code run} says); with only K, the paper's alpha 25 at that K.
   *
   * @param report receives each calibrated layer, or null
   */
  public static ConversionOptions calibrate(
      ModelProto ann,
      ConversionOptions options,
      Calibration c,
      CalibrationRun run,
      String where,
      List<Calibrator.LayerCalibration> report,
      ProgressListener progress) {
    if (c == null) {
      return options;
    }
    int k = c.k();
    if (k < 1 || k > 30) {
      throw new UserInputException("relu-k: expected 1..30, found " + k);
    }
    if (c.percentile().isPresent()) {
      double p = c.percentile().getAsDouble();
      if (!(p > 0) || !(p < 100)) {
        throw new UserInputException("percentile: expected 0 < P < 100, found " + p);
      }
    }
    if (c.dataset() == null) {
      if (c.percentile().isPresent()) {
        throw new UserInputException(
            "percentile needs a calibration dataset (--calibrate DATASET)");
      }
      if (c.reluK().isEmpty()) {
        return options;
      }
      Map<ActivationKind, Optional<CoefficientSet>> m = new EnumMap<>(ActivationKind.class);
      m.putAll(options.mapping());
      if (m.getOrDefault(ActivationKind.RELU, Optional.empty()).isPresent()) {
        m.put(ActivationKind.RELU, Optional.of(CoefficientSets.relu(25, k)));
      }
      return options.withMapping(m);
    }
    CalibrationImages images = run.images(c.dataset(), where, progress);
    Map<String, CoefficientSet> sets =
        new LinkedHashMap<>(Calibrator.reluSets(ann, images, c.percentile(), k, report));
    // swish, sigmoid, ...: no exact rescaling; choose per layer among the sets fitted for that
    // function
    sets.putAll(SetSelector.select(ann, options, images.withProgress(ProgressListener.NONE), null));
    return options.withPerLayer(sets);
  }
}
