package org.fsneurons.models.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.fsneurons.models.onnx.OnnxModels;
import org.fsneurons.models.progress.ProgressListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Sweep}: a row's CSV columns and file; on the committed ResNet-20, the rows' order, the
 * listener's calls, and the paper row equal to {@link FsEvaluation#run} with the default mapping.
 */
class SweepTest {
  @TempDir Path dir;

  static EvalResult result(double fsTop1, double spikes) {
    return new EvalResult(
        10, 0.9, 1.0, fsTop1, 1.0, 100, spikes, -0.1, 1.1, List.of(), 0.5, 0, null, null);
  }

  @Test
  void rowColumnsAreTheCsvHeaderInOrder() throws Exception {
    Sweep.Row row =
        new Sweep.Row("m.onnx", "fashion-mnist:test:10", 6, "max", "cal", 0.9, result(0.8, 0.5));
    assertEquals(
        List.of(
            "model",
            "dataset",
            "images",
            "relu_k",
            "alpha",
            "calibration",
            "ann_top1",
            "fs_top1",
            "fs_minus_ann",
            "spikes_per_neuron",
            "neurons",
            "fs_input_mean",
            "fs_input_std"),
        List.copyOf(row.columns().keySet()));
    assertEquals(0.8 - 0.9, row.fsMinusAnn());
    Path csv = dir.resolve("sub/sweep.csv");
    Sweep.writeCsv(List.of(row), csv);
    List<String> lines = Files.readAllLines(csv);
    assertEquals(2, lines.size());
    assertTrue(lines.get(0).startsWith("model,dataset,images,relu_k,alpha,"), lines.get(0));
    assertEquals(
        "m.onnx,fashion-mnist:test:10,10,6,max,cal,0.9,0.8," + (0.8 - 0.9) + ",0.5,100,-0.1,1.1",
        lines.get(1));
  }

  @Test
  void paperRowFirstThenEveryKPerStatisticThePaperRowAsEvalGivesIt() {
    assumeTrue(
        Files.isRegularFile(FsEvaluationTest.RESNET20)
            && Files.isDirectory(FsEvaluationTest.FMNIST),
        "needs Fashion-MNIST");
    Path model = FsEvaluationTest.RESNET20;
    FsEvaluation.Request base =
        FsEvaluation.Request.builder(model, "fashion-mnist:test:32").batch(16).build();
    byte[] bytes = OnnxModels.readBytes(model);
    ModelProto ann = OnnxModels.parse(bytes, model.toString());
    List<String> heard = new ArrayList<>();
    List<String> tasks = new ArrayList<>();
    List<Sweep.Row> rows =
        Sweep.run(
            ann,
            bytes,
            base,
            "fashion-mnist:train:32",
            List.of(6, 8),
            List.of(
                new Sweep.Statistic("max", OptionalDouble.empty()),
                new Sweep.Statistic("99.9", OptionalDouble.of(99.9))),
            (a, b, fs, r, task) -> {
              tasks.add(task);
              return FsEvaluation.evaluate(a, b, fs, r, ProgressListener.NONE);
            },
            new Sweep.Listener() {
              @Override
              public void ann(double top1) {
                heard.add("ann " + top1);
              }

              @Override
              public void row(Sweep.Row row, long startMs) {
                heard.add("K=" + row.reluK() + " " + row.alpha());
              }
            });
    assertEquals(
        List.of("FS K=10 " + Sweep.PAPER, "FS K=6 max", "FS K=8 max", "FS K=6 99.9", "FS K=8 99.9"),
        tasks.subList(1, tasks.size()));
    assertEquals("ANN", tasks.get(0));
    double annTop1 = rows.get(0).annTop1();
    assertEquals(
        List.of(
            "ann " + annTop1, "K=10 " + Sweep.PAPER, "K=6 max", "K=8 max", "K=6 99.9", "K=8 99.9"),
        heard);
    assertEquals("", rows.get(0).calibration());
    assertEquals("fashion-mnist:train:32", rows.get(1).calibration());
    assertEquals("fmnist-resnet20.onnx", rows.get(0).model());
    EvalResult eval =
        FsEvaluation.run(
                FsEvaluation.Request.builder(model, "fashion-mnist:test:32")
                    .batch(16)
                    .fs(true)
                    .build(),
                ProgressListener.NONE,
                ProgressListener.NONE)
            .result();
    assertEquals(eval.annTop1(), annTop1);
    assertEquals(eval.fsTop1(), rows.get(0).fs().fsTop1());
    assertEquals(eval.spikesPerNeuron(), rows.get(0).fs().spikesPerNeuron());
    for (Sweep.Row r : rows) {
      assertEquals(32, r.fs().images());
      assertTrue(r.fs().spikesPerNeuron() > 0, r.toString());
    }
  }
}
