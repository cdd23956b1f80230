package org.fsneurons.models.eval;

import static org.fsneurons.models.testutil.TinyModels.floats;
import static org.fsneurons.models.testutil.TinyModels.model;
import static org.fsneurons.models.testutil.TinyModels.node;
import static org.fsneurons.models.testutil.TinyModels.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.List;
import org.fsneurons.core.UserInputException;
import org.fsneurons.models.data.ImageDataset;
import org.fsneurons.models.data.Normalization;
import org.fsneurons.models.ort.OrtRunner;
import org.fsneurons.models.ort.SessionConfig;
import org.fsneurons.models.progress.ProgressListener;
import org.junit.jupiter.api.Test;

/**
 * Accuracy counting that cannot be fooled: NaN logits, too few outputs, odd inputs, empty data,
 * merged parts.
 */
class EvaluatorTest {
  /** 2x2x1 images, 3 classes; image i has pixel (i mod 4) set to 1 and label (i mod 3). */
  static ImageDataset data(int n) {
    return new ImageDataset() {
      public String name() {
        return "tiny";
      }

      public int size() {
        return n;
      }

      public int height() {
        return 2;
      }

      public int width() {
        return 2;
      }

      public int channels() {
        return 1;
      }

      public int numClasses() {
        return 3;
      }

      public Normalization normalization() {
        return Normalization.values()[0];
      }

      public int label(int i) {
        return i % 3;
      }

      public void imageInto(int i, float[] dst, int offset) {
        for (int j = 0; j < 4; j++) {
          dst[offset + j] = j == i % 4 ? 1f : 0f;
        }
      }
    };
  }

  /**
   * x[N,1,2,2] → Flatten → MatMul(W[4,classes]) (+ Mul by {@code scale}) → logits. W[j][c] = 1 when
   * j == c.
   */
  static ModelProto linear(int classes, float scale) {
    float[] w = new float[4 * classes];
    for (int j = 0; j < 4; j++) {
      for (int c = 0; c < classes; c++) {
        w[j * classes + c] = j == c ? 1f : 0f;
      }
    }
    GraphProto g =
        GraphProto.newBuilder()
            .setName("g")
            .addInput(value("x", -1, 1, 2, 2))
            .addInitializer(floats("W", w, 4, classes))
            .addInitializer(floats("s", new float[] {scale}))
            .addNode(node("Flatten", "flat", List.of("x"), List.of("f")))
            .addNode(node("MatMul", "mm", List.of("f", "W"), List.of("z")))
            .addNode(node("Mul", "mul", List.of("z", "s"), List.of("logits")))
            .addOutput(value("logits", -1, classes))
            .build();
    return model(g, 13, 8);
  }

  static EvalResult eval(ModelProto m, ImageDataset d, int batch) {
    try (OrtRunner r = OrtRunner.open(m, "m.onnx", SessionConfig.cpu())) {
      return Evaluator.evaluate(
          r, null, List.of(), d, 0, batch, null, "m.onnx", ProgressListener.NONE);
    }
  }

  @Test
  void countsHitsOfAFiniteModel() {
    // image i lights pixel i mod 4 → argmax class i mod 4 (pixel 3 lights nothing: all zero, tie →
    // class 0)
    // label i mod 3; over 12 images: i=0,1,2 hit (0,1,2), i=3: class 0 vs label 0 hit; i=4: 0 vs 1
    // miss, ...
    ImageDataset d = data(12);
    int expected = 0;
    for (int i = 0; i < 12; i++) {
      int pred = i % 4 == 3 ? 0 : i % 4;
      expected += pred == i % 3 ? 1 : 0;
    }
    EvalResult r = eval(linear(3, 1f), d, 5);
    assertEquals(12, r.images());
    assertEquals(expected / 12.0, r.annTop1(), 1e-12);
    assertEquals(1.0, r.annTop5(), 1e-12);
    assertEquals(0, r.nonfiniteOutputs());
    // confusion: prediction i mod 4 (3 → 0) against label i mod 3, over i = 0..11
    Confusion cm = r.annConfusion();
    long diagonal = 0;
    for (int c = 0; c < 3; c++) {
      diagonal += cm.count(c, c);
      assertEquals(4, cm.support(c));
    }
    assertEquals(expected, diagonal);
    assertEquals(2, cm.count(1, 0)); // i = 4 (pred 0, label 1) and i = 7 (pred 3 → 0, label 1)
    assertEquals(
        2.0 / 4,
        cm.accuracy(0),
        1e-12); // label 0: i = 0, 3 hit (pred 0, 0); 6 (pred 2), 9 (pred 1) miss
  }

  @Test
  void nanLogitsCountAsWrong() {
    EvalResult r = eval(linear(3, Float.NaN), data(7), 3);
    assertEquals(0.0, r.annTop1());
    assertEquals(0.0, r.annTop5());
    assertEquals(7, r.nonfiniteOutputs());
    assertEquals(3, r.annConfusion().count(0, Confusion.OTHER)); // labels 0 at i = 0, 3, 6
    assertEquals(0.0, r.annConfusion().accuracy(0));
  }

  @Test
  void infiniteLogitsCountAsWrong() {
    // 0 * inf = NaN for the unlit pixels, inf for the lit one: every image has a non-finite logit
    EvalResult r = eval(linear(3, Float.POSITIVE_INFINITY), data(6), 4);
    assertEquals(0.0, r.annTop1());
    assertEquals(6, r.nonfiniteOutputs());
  }

  @Test
  void fewerOutputsThanClassesIsRefusedBeforeCounting() {
    UserInputException e =
        assertThrows(UserInputException.class, () -> eval(linear(2, 1f), data(1), 4));
    assertTrue(e.getMessage().contains("output has 2 values per image"), e.getMessage());
    assertTrue(e.getMessage().contains("fewer than the 3 classes of tiny"), e.getMessage());
    assertEquals(1, e.getMessage().lines().count());
  }

  @Test
  void emptyDatasetIsRefused() {
    UserInputException e =
        assertThrows(UserInputException.class, () -> eval(linear(3, 1f), data(0), 4));
    assertEquals("tiny: no images to evaluate (the dataset or its limit is empty)", e.getMessage());
  }

  @Test
  void tallyOfPartsEqualsTallyOfTheWhole() {
    ImageDataset d = data(23);
    try (OrtRunner r = OrtRunner.open(linear(3, 1f), "m.onnx", SessionConfig.cpu())) {
      EvalTally whole =
          Evaluator.tally(r, null, List.of(), d, 0, 23, 4, null, "m", ProgressListener.NONE);
      EvalTally parts =
          Evaluator.tally(r, null, List.of(), d, 0, 0, 4, null, "m", ProgressListener.NONE);
      int[] cuts = {0, 5, 6, 17, 23};
      for (int i = 0; i + 1 < cuts.length; i++) {
        parts =
            parts.merge(
                Evaluator.tally(
                    r,
                    null,
                    List.of(),
                    d,
                    cuts[i],
                    cuts[i + 1],
                    4,
                    null,
                    "m",
                    ProgressListener.NONE));
      }
      assertEquals(whole.images(), parts.images());
      assertEquals(whole.annTop1(), parts.annTop1());
      assertEquals(whole.annTop5(), parts.annTop5());
      assertEquals(whole.result().annTop1(), parts.result().annTop1());
      assertEquals(whole.annConfusion(), parts.annConfusion());
    }
  }

  @Test
  void modelsThatCannotTakeImagesAreRefusedInOneLine() {
    ModelProto ok = linear(3, 1f);
    ValueInfoProto longInput =
        ValueInfoProto.newBuilder(ok.getGraph().getInput(0))
            .setType(
                TypeProto.newBuilder()
                    .setTensorType(
                        TypeProto.Tensor.newBuilder(
                                ok.getGraph().getInput(0).getType().getTensorType())
                            .setElemType(TensorProto.DataType.INT64_VALUE)))
            .build();
    ModelProto int64 =
        ok.toBuilder().setGraph(ok.getGraph().toBuilder().setInput(0, longInput)).build();
    UserInputException e =
        assertThrows(UserInputException.class, () -> FsEvaluation.checkImageModel(int64, "i.onnx"));
    assertEquals(
        "i.onnx: input 'x' is int64; expected float images (float32 tensor [N, C, H, W] or [N, H, W, C])",
        e.getMessage());
    ModelProto two =
        ok.toBuilder().setGraph(ok.getGraph().toBuilder().addInput(value("y", -1, 3))).build();
    e = assertThrows(UserInputException.class, () -> FsEvaluation.checkImageModel(two, "t.onnx"));
    assertTrue(
        e.getMessage().startsWith("t.onnx: the model has 2 inputs [x, y]; expected exactly one"),
        e.getMessage());
    // an initializer listed as an input (IR < 4 style) is not an input to feed
    ModelProto listed =
        ok.toBuilder().setGraph(ok.getGraph().toBuilder().addInput(value("W", 4, 3))).build();
    FsEvaluation.checkImageModel(listed, "l.onnx");
  }
}
