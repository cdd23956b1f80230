package org.fsneurons.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.fsneurons.core.UserInputException;
import org.fsneurons.models.data.Datasets;
import org.fsneurons.models.eval.EvalResult;
import org.fsneurons.models.eval.FsEvaluation;
import org.fsneurons.models.instrument.LayerStats;
import org.fsneurons.models.nativekernel.NativeFsKernel;
import org.fsneurons.models.ort.SessionConfig;
import org.fsneurons.models.progress.ProgressListener;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spark in local[2] against the single-machine pass on Fashion-MNIST with the committed ResNet-20:
 * images, hit counts, spike totals equal; FS input mean/std within 1e-9 relative.
 */
class SparkEvaluationTest {
  static final Path FMNIST = Path.of("/usr/share/datasets/fashion-mnist");
  static Path model;

  @BeforeAll
  static void find() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isRegularFile(p.resolve("models/fmnist-resnet20.onnx"))) {
      p = p.getParent();
    }
    assumeTrue(p != null && Files.isDirectory(FMNIST), "needs models/ and Fashion-MNIST");
    model = p.resolve("models/fmnist-resnet20.onnx");
  }

  static FsEvaluation.Request request(String dataset, int batch) {
    return request(dataset, batch, Datasets.defaults());
  }

  static FsEvaluation.Request request(String dataset, int batch, Datasets folders) {
    return FsEvaluation.Request.builder(model, dataset)
        .datasets(folders)
        .batch(batch)
        .fs(true)
        .fsConfig(NativeFsKernel.withKernelIfAvailable(SessionConfig.cpu()))
        .build();
  }

  static void assertSame(EvalResult one, EvalResult spark) {
    assertEquals(one.images(), spark.images());
    assertEquals(one.annTop1(), spark.annTop1());
    assertEquals(one.annTop5(), spark.annTop5());
    assertEquals(one.fsTop1(), spark.fsTop1());
    assertEquals(one.fsTop5(), spark.fsTop5());
    assertEquals(one.neurons(), spark.neurons());
    assertEquals(one.spikesPerNeuron(), spark.spikesPerNeuron());
    assertEquals(one.nonfiniteOutputs(), spark.nonfiniteOutputs());
    assertEquals(one.layers().size(), spark.layers().size());
    for (int i = 0; i < one.layers().size(); i++) {
      LayerStats a = one.layers().get(i);
      LayerStats b = spark.layers().get(i);
      assertEquals(a.layer(), b.layer());
      assertEquals(a.spikes(), b.spikes(), a.layer() + " spikes");
      assertEquals(a.images(), b.images());
    }
    assertEquals(one.inputMean(), spark.inputMean(), 1e-9 * Math.abs(one.inputMean()));
    assertEquals(one.inputStd(), spark.inputStd(), 1e-9 * Math.abs(one.inputStd()));
  }

  @Test
  void mergedPartitionsEqualOnePass() {
    FsEvaluation.Request r = request("fashion-mnist:test:1000", 100);
    EvalResult one = FsEvaluation.run(r, ProgressListener.NONE, ProgressListener.NONE).result();
    assertEquals(1000, one.images());
    for (int parts : new int[] {1, 2, 7}) {
      List<String> lines = new ArrayList<>();
      SparkEvaluation.Outcome o =
          SparkEvaluation.run(
              r, new SparkSettings("local[2]", parts), ProgressListener.NONE, lines::add);
      assertSame(one, o.outcome().result());
      assertEquals(parts, o.partitions());
      assertEquals("local[2]", o.master());
      assertEquals(
          parts,
          lines.stream().filter(l -> l.contains(" done on executor ")).count(),
          lines.toString());
      assertTrue(
          lines.stream()
              .anyMatch(
                  l ->
                      l.matches(
                          "spark: job \\d+ started: 1000 images in " + parts + " partitions")),
          lines.toString());
      assertTrue(lines.stream().anyMatch(l -> l.contains("1000/1000 images")), lines.toString());
    }
  }

  @Test
  void morePartitionsThanImages() {
    FsEvaluation.Request r = request("fashion-mnist:test:37", 10);
    EvalResult one = FsEvaluation.run(r, ProgressListener.NONE, ProgressListener.NONE).result();
    SparkEvaluation.Outcome o =
        SparkEvaluation.run(r, new SparkSettings("local[2]", 50), ProgressListener.NONE, l -> {});
    assertEquals(37, o.outcome().result().images());
    assertEquals(50, o.partitions());
    assertSame(one, o.outcome().result());
  }

  @Test
  void hadoopUriFolderGivesTheSameNumbers() {
    FsEvaluation.Request r = request("fashion-mnist:test:200", 50);
    EvalResult one = FsEvaluation.run(r, ProgressListener.NONE, ProgressListener.NONE).result();
    FsEvaluation.Request viaUri =
        request(
            "fashion-mnist:test:200",
            50,
            Datasets.withVariables(Map.of("FASHION_MNIST_DIR", FMNIST.toUri().toString())));
    SparkEvaluation.Outcome o =
        SparkEvaluation.run(
            viaUri, new SparkSettings("local[2]", 3), ProgressListener.NONE, l -> {});
    assertSame(one, o.outcome().result());
  }

  @Test
  void corruptPartitionFailsInOneLineNamingItsImages(@TempDir Path dir) throws IOException {
    // raw IDX copies whose image file ends after 500 of the 10000 images its header declares
    gunzip(
        FMNIST.resolve("t10k-labels-idx1-ubyte.gz"),
        dir.resolve("t10k-labels-idx1-ubyte"),
        Long.MAX_VALUE);
    gunzip(
        FMNIST.resolve("t10k-images-idx3-ubyte.gz"),
        dir.resolve("t10k-images-idx3-ubyte"),
        16 + 500L * 784);
    FsEvaluation.Request r =
        request(
            "fashion-mnist:test:1000",
            100,
            Datasets.withVariables(Map.of("FASHION_MNIST_DIR", dir.toString())));
    UserInputException e =
        assertThrows(
            UserInputException.class,
            () ->
                SparkEvaluation.run(
                    r, new SparkSettings("local[2]", 4), ProgressListener.NONE, l -> {}));
    // 10 batches over 4 partitions: [0, 200) [200, 500) [500, 700) [700, 1000); the last two lack
    // data
    assertTrue(
        e.getMessage()
            .matches(
                "partition (2 \\(images \\[500, 700\\)|3 \\(images \\[700, 1000\\)) of "
                    + "fashion-mnist:test:1000\\): .*t10k-images-idx3-ubyte: truncated: header says 10000 images of 28x28 .*"),
        e.getMessage());
    assertEquals(1, e.getMessage().lines().count());
  }

  static void gunzip(Path from, Path to, long bytes) throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(from));
        OutputStream out = Files.newOutputStream(to)) {
      out.write(in.readNBytes((int) Math.min(bytes, Integer.MAX_VALUE - 8)));
    }
  }
}
