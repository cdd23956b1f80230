package org.fsneurons.experiments.cli;

import java.util.function.Consumer;
import org.fsneurons.core.UserInputException;
import org.fsneurons.experiments.config.Setting;
import org.fsneurons.spark.SparkEvaluation;
import org.fsneurons.spark.SparkSettings;
import picocli.CommandLine.Option;

/** Options for evaluating on Apache Spark ({@code --spark MASTER [--partitions N]}). */
public final class SparkArgs {
  @Option(
      names = "--spark",
      paramLabel = "MASTER",
      description =
          "Evaluate on Apache Spark: local[N], spark://host:port, or any master Spark takes. The dataset "
              + "folder must be readable by every executor (a shared path, or a Hadoop URI such as hdfs://...).")
  String master;

  @Option(
      names = "--partitions",
      paramLabel = "N",
      description =
          "With --spark: image ranges, one Spark task each (0 or absent: Spark's default parallelism).")
  Integer partitions;

  /** The settings, or null without --spark. */
  SparkSettings settings() {
    if (master == null) {
      if (partitions != null) {
        throw new UserInputException(
            "--partitions " + partitions + ": expected together with --spark MASTER");
      }
      return null;
    }
    return new SparkSettings(master, partitions == null ? 0 : Setting.PARTITIONS.flag(partitions));
  }

  /** A started Spark application, or null without --spark. */
  SparkEvaluation start(String appName, Consumer<String> log) {
    SparkSettings s = settings();
    return s == null ? null : SparkEvaluation.start(s, appName, log);
  }
}
