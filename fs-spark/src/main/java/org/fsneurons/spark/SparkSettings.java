package org.fsneurons.spark;

import org.fsneurons.core.UserInputException;

/**
 * Where and how finely to distribute an evaluation.
 *
 * @param master anything {@code SparkConf.setMaster} takes: {@code local[N]}, {@code
 *     spark://host:port}, {@code yarn}, {@code k8s://...}
 * @param partitions image ranges (Spark tasks); 0 picks the cluster's default parallelism
 */
public record SparkSettings(String master, int partitions) {
  public SparkSettings {
    if (master == null || master.isBlank()) {
      throw new UserInputException(
          "spark master: expected e.g. local[2] or spark://host:7077, found an empty value");
    }
    master = master.trim();
    if (partitions < 0) {
      throw new UserInputException(
          "spark partitions: expected a positive number, found " + partitions);
    }
  }

  /** Whether the executors run inside the driver's JVM (no jars to ship). */
  public boolean local() {
    return master.equals("local") || master.startsWith("local[");
  }
}
