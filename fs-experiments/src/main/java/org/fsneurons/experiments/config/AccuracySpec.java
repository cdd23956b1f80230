package org.fsneurons.experiments.config;

import java.util.LinkedHashMap;

/** {@code kind: accuracy}: ANN and FS accuracy, neurons, spikes and FS input statistics on a dataset. */
public final class AccuracySpec extends ExperimentSpec {
  /** The ONNX model file (relative to the YAML file; may use ${VAR}). */
  public String model;
  /** Dataset spec NAME:SPLIT[:COUNT], e.g. {@code fashion-mnist:test:1000}, {@code imagenet:val:1024}. */
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
  /** K of the FS-ReLU. */
  public Integer reluK;
  /** At most this many images (after the dataset spec's count). */
  public Integer limit;
  /** Batch size. */
  public Integer batch;
}
