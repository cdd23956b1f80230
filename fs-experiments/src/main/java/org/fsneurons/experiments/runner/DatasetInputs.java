package org.fsneurons.experiments.runner;

import org.fsneurons.models.data.DatasetSpec;
import org.fsneurons.models.data.Datasets;
import org.fsneurons.tracking.DatasetInput;

/**
 * The MLflow run input of a dataset an experiment read: its folder, digested (content when small,
 * else listing).
 */
final class DatasetInputs {
  /**
   * Folders up to this many files and bytes are digested by content (Fashion-MNIST, CIFAR-10),
   * others by listing.
   */
  static final int MAX_FILES = 64;

  static final long MAX_BYTES = 1L << 30;

  private DatasetInputs() {}

  static DatasetInput of(
      Datasets data, DatasetSpec spec, String name, long images, String context) {
    return DatasetInput.folder(
        name, data.directory(spec.kind()), images, context, MAX_FILES, MAX_BYTES);
  }
}
