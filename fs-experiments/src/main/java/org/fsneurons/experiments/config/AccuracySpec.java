package org.fsneurons.experiments.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashMap;
import java.util.Optional;
import org.fsneurons.models.data.DatasetSpec;
import org.fsneurons.spark.SparkSettings;

/**
 * {@code kind: accuracy}: ANN and FS accuracy, neurons, spikes and FS input statistics on a
 * dataset.
 */
public final class AccuracySpec extends ExperimentSpec {
  /** The ONNX model file (relative to the YAML file; may use ${VAR}). */
  public String model;

  /** NAME:SPLIT[:COUNT], e.g. {@code fashion-mnist:test:1000}, {@code imagenet:val:1024}. */
  public String dataset;

  /** Also evaluate the FS network (default true); false measures the ANN alone. */
  public Boolean fs;

  /** Activation op type to coefficient set name or {@code keep}. */
  public LinkedHashMap<String, String> map;

  /** FS function body: dynamics or table (default: the converter's). */
  public String body;

  /** Number of images used to calibrate the FS-ReLU scale (0: no calibration). */
  public Integer calibrate;

  /** Percentile of the calibration activations used as the FS-ReLU scale. */
  public Double percentile;

  /** K of the FS-ReLU ({@link Setting#RELU_K}). */
  public Integer reluK;

  /** At most this many images (after the dataset spec's count). */
  public Integer limit;

  public Integer batch;

  /**
   * Where to evaluate. After loading: the top-level {@code spark:}, with {@code
   * defaults.accuracy.spark} and then the experiment's own {@code spark:} over it key by key; null
   * to run in this process ({@code spark: off} or {@code false}, or no {@code spark:} anywhere).
   */
  public Spark spark;

  /** {@code spark: {master, partitions}} as written (master may use ${VAR}). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static final class Spark {
    /** {@code spark: off} (or false) before loading resolves it to null. */
    static final Spark OFF = new Spark();

    /** Anything {@code SparkConf.setMaster} takes: local[N], spark://host:port, yarn, ... */
    public String master;

    /** Image ranges, one Spark task each ({@link Setting#PARTITIONS}). */
    public Integer partitions;

    /** The keys of {@code over} over those of {@code base} (null or off: none); null if neither. */
    static Spark merge(Spark base, Spark over) {
      if (base == null || base == OFF) {
        return over;
      } else if (over == null) {
        return base;
      }
      Spark s = new Spark();
      s.master = over.master != null ? over.master : base.master;
      s.partitions = over.partitions != null ? over.partitions : base.partitions;
      return s;
    }
  }

  /** The Spark settings of this experiment, or empty to evaluate in this process. */
  public Optional<SparkSettings> spark() {
    return spark == null
        ? Optional.empty()
        : Optional.of(
            new SparkSettings(spark.master, spark.partitions == null ? 0 : spark.partitions));
  }

  @Override
  void check() {
    require(model, "model", "an ONNX file (may use ${VAR})");
    require(dataset, "dataset", "NAME:SPLIT[:COUNT], e.g. fashion-mnist:test:1000");
    checkNow(dataset, "dataset", DatasetSpec::parse);
    checkMap(map);
    checkNow(body, "body", Body::parse);
    Setting.LIMIT.yaml(limit);
    Setting.BATCH.yaml(batch);
    Setting.RELU_K.yaml(reluK);
    Setting.PERCENTILE.yaml(percentile);
    if (calibrate != null && calibrate < 0) {
      throw new IllegalArgumentException("'calibrate' must be >= 0 images, found " + calibrate);
    }
    if (percentile != null && (calibrate == null || calibrate == 0)) {
      throw new IllegalArgumentException(
          "'percentile' goes with 'calibrate: N' (a percentile of the calibration images' inputs)");
    }
    if (spark != null) {
      require(
          spark.master,
          "spark.master",
          "local[N], spark://host:port or another Spark master (here or in the top-level spark:)");
      Setting.PARTITIONS.yaml(spark.partitions);
    }
  }
}
