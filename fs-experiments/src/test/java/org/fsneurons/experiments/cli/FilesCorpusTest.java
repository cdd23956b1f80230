package org.fsneurons.experiments.cli;

import static org.fsneurons.models.onnx.GraphEdits.intAttr;
import static org.fsneurons.models.testutil.TinyModels.valueOfType;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;
import org.fsneurons.core.coeff.CoefficientFiles;
import org.fsneurons.core.coeff.CoefficientSet;
import org.fsneurons.core.coeff.CoefficientSets;
import org.fsneurons.core.coeff.TargetFunction;
import org.fsneurons.core.neuron.FsParams;
import org.fsneurons.models.testutil.TinyModels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The malformed-file corpus (issue 11): ONNX models, IDX files (Fashion-MNIST), CIFAR-10 binary
 * batches, JPEG folders (ImageNet) and coefficient JSON, each given to the command a user would run
 * ({@code eval}, {@code convert}, {@code neurons}, {@code bench}, {@code approx}). Every case must
 * end with exit 2 and one line naming the file, no stack trace, no hang, nothing written (see
 * {@link Corpus}). All fixtures are tiny and made here: {@code %D%} in the arguments stands for the
 * fixture folder; a dataset case points the dataset's folder variable (a system property, which the
 * command line's {@code Workspace} reads over the environment) at its own subfolder.
 */
class FilesCorpusTest {
  @TempDir static Path dir;

  private static final int FLOAT = TensorProto.DataType.FLOAT_VALUE;
  private static final int INT64 = TensorProto.DataType.INT64_VALUE;
  private static final byte[] GZIP_MAGIC = {0x1f, (byte) 0x8b};

  /** A case: name, expected text in the line, dataset variables to set, arguments. */
  record FileCase(String name, String expect, Map<String, String> vars, List<String> args) {
    @Override
    public String toString() {
      return name;
    }
  }

  // ------------------------------------------------------------------ fixtures

  @BeforeAll
  static void fixtures() throws IOException {
    Path m = Files.createDirectories(dir.resolve("onnx"));
    write(m.resolve("fmnist.onnx"), linear(1, 28, 28, 10, FLOAT).toByteArray());
    write(m.resolve("cifar.onnx"), linear(3, 32, 32, 10, FLOAT).toByteArray());
    write(m.resolve("imagenet.onnx"), pooled(3, 224, 224, 1000).toByteArray());
    byte[] good = linear(1, 28, 28, 10, FLOAT).toByteArray();
    write(m.resolve("empty.onnx"), new byte[0]);
    write(m.resolve("truncated.onnx"), Arrays.copyOf(good, good.length / 3));
    byte[] random = new byte[4096];
    new SplittableRandom(1).nextBytes(random);
    write(m.resolve("random.onnx"), random);
    write(m.resolve("text.onnx"), "this is not a model\n".getBytes(StandardCharsets.UTF_8));
    write(m.resolve("json.onnx"), "{\"graph\": {\"node\": []}}\n".getBytes(StandardCharsets.UTF_8));
    write(m.resolve("gzip.onnx"), gzip(good));
    write(
        m.resolve("nograph.onnx"),
        ModelProto.newBuilder().setIrVersion(8).addOpsetImport(opset(13)).build().toByteArray());
    ModelProto lin = linear(1, 28, 28, 10, FLOAT);
    write(
        m.resolve("noinputs.onnx"),
        lin.toBuilder().setGraph(lin.getGraph().toBuilder().clearInput()).build().toByteArray());
    write(
        m.resolve("nooutputs.onnx"),
        lin.toBuilder().setGraph(lin.getGraph().toBuilder().clearOutput()).build().toByteArray());
    write(m.resolve("noopset.onnx"), lin.toBuilder().clearOpsetImport().build().toByteArray());
    write(m.resolve("ir0.onnx"), lin.toBuilder().setIrVersion(0).build().toByteArray());
    write(m.resolve("int64.onnx"), linear(1, 28, 28, 10, INT64).toByteArray());
    write(m.resolve("twoinputs.onnx"), twoInputs().toByteArray());
    write(m.resolve("fiveoutputs.onnx"), linear(1, 28, 28, 5, FLOAT).toByteArray());
    // exported with a fixed batch of 1 (input [1, 1, 28, 28]): ONNX Runtime refuses any other batch
    write(
        m.resolve("fixedbatch.onnx"),
        lin.toBuilder()
            .setGraph(
                lin.getGraph().toBuilder()
                    .setInput(0, TinyModels.valueOfType("x", FLOAT, 1, 1, 28, 28)))
            .build()
            .toByteArray());
    write(
        m.resolve("dangling.onnx"),
        lin.toBuilder()
            .setGraph(
                lin.getGraph().toBuilder()
                    .setNode(0, lin.getGraph().getNode(0).toBuilder().setInput(0, "nosuch")))
            .build()
            .toByteArray());
    write(
        m.resolve("unknownop.onnx"),
        lin.toBuilder()
            .setGraph(
                lin.getGraph().toBuilder()
                    .setNode(1, lin.getGraph().getNode(1).toBuilder().setOpType("FooBar")))
            .build()
            .toByteArray());
    write(
        m.resolve("hugeinput.onnx"),
        linear(1, 100000, 100000, 10, FLOAT).toBuilder()
            .setGraph(
                linear(1, 100000, 100000, 10, FLOAT).getGraph().toBuilder()
                    .clearInitializer()
                    .addInitializer(
                        TensorProto.newBuilder()
                            .setName("W")
                            .setDataType(FLOAT)
                            .addDims(10_000_000_000L)
                            .addDims(10))
                    .addInitializer(floats("B", new long[] {10})))
            .build()
            .toByteArray());
    write(
        m.resolve("hugeinit.onnx"),
        lin.toBuilder()
            .setGraph(
                lin.getGraph().toBuilder()
                    .setInitializer(
                        0,
                        TensorProto.newBuilder()
                            .setName("W")
                            .setDataType(FLOAT)
                            .addDims(784)
                            .addDims(1L << 40)))
            .build()
            .toByteArray());
    write(
        m.resolve("scalarout.onnx"),
        lin.toBuilder()
            .setGraph(
                lin.getGraph().toBuilder()
                    .addNode(node("ReduceSum", List.of("y"), List.of("s"), intAttr("keepdims", 0)))
                    .setOutput(0, valueOfType("s", FLOAT)))
            .build()
            .toByteArray());
    Files.createDirectories(m.resolve("folder.onnx"));

    idxFixtures();
    cifarFixtures();
    jpegFixtures();
    coefficientFixtures();
  }

  private static void idxFixtures() throws IOException {
    byte[] img = idxImages(4, 28, 28);
    byte[] lab = idxLabels(4, 0);
    idx("idx-images-magic", withInt(img, 0, 0x00000801), lab);
    idx("idx-labels-magic", img, withInt(lab, 0, 0x00000803));
    idx("idx-swapped", lab, img);
    idx("idx-rows-zero", withInt(img, 8, 0), lab);
    idx("idx-32x32", idxImages(4, 32, 32), lab);
    idx("idx-images-truncated", Arrays.copyOf(img, img.length - 100), lab);
    idx("idx-labels-truncated", img, Arrays.copyOf(lab, lab.length - 2));
    idx("idx-count-mismatch", img, idxLabels(5, 0));
    byte[] ten = idxLabels(4, 0);
    ten[8 + 2] = 10;
    idx("idx-label-10", img, ten);
    byte[] big = idxLabels(4, 0);
    big[8] = (byte) 255;
    idx("idx-label-255", img, big);
    idx("idx-trailing", concat(img, new byte[] {1, 2, 3}), lab);
    idx("idx-header-truncated", Arrays.copyOf(img, 10), lab);
    idx("idx-empty-images", new byte[0], lab);
    idx("idx-empty-labels", img, new byte[0]);
    idx("idx-huge-count", withInt(Arrays.copyOf(img, 16), 4, Integer.MAX_VALUE), idxLabels(0, 0));
    idx("idx-zero-images", idxImages(0, 28, 28), idxLabels(0, 0));
    idx("idx-negative-count", withInt(img, 4, -1), lab);
    byte[] gzBad =
        concat(GZIP_MAGIC, new byte[] {8, 0, 0, 0, 0, 0, 0, 3, 'x', 'y', 'z', 1, 2, 3, 4, 5});
    idxGz("idx-gz-corrupt", gzBad, gzip(lab));
    byte[] gz = gzip(img);
    idxGz("idx-gz-truncated", Arrays.copyOf(gz, gz.length / 2), gzip(lab));
    idxGz("idx-gz-of-text", gzip("hello\n".getBytes(StandardCharsets.UTF_8)), gzip(lab));
    Path onlyImages = Files.createDirectories(dir.resolve("idx-no-labels"));
    write(onlyImages.resolve("t10k-images-idx3-ubyte"), img);
    Path folderLabels = Files.createDirectories(dir.resolve("idx-labels-folder"));
    write(folderLabels.resolve("t10k-images-idx3-ubyte"), img);
    Files.createDirectories(folderLabels.resolve("t10k-labels-idx1-ubyte"));
    Files.createDirectories(dir.resolve("idx-empty-folder"));
    write(dir.resolve("idx-a-file"), img);
    // a valid set for the cases whose problem lies elsewhere
    idx("idx-good", img, lab);
    Path trainGood = dir.resolve("idx-train-good");
    idx("idx-train-good", img, lab);
    write(trainGood.resolve("train-images-idx3-ubyte"), img);
    write(trainGood.resolve("train-labels-idx1-ubyte"), lab);
    Path train = dir.resolve("idx-train-bad");
    idx("idx-train-bad", img, lab);
    write(train.resolve("train-images-idx3-ubyte"), withInt(img, 0, 0x12345678));
    write(train.resolve("train-labels-idx1-ubyte"), lab);
  }

  private static void cifarFixtures() throws IOException {
    int rec = 1 + 32 * 32 * 3;
    byte[] two = new byte[2 * rec];
    cifar("cifar-wrong-length", Arrays.copyOf(two, two.length - 5));
    byte[] label10 = two.clone();
    label10[rec] = 10;
    cifar("cifar-label-10", label10);
    cifar("cifar-empty", new byte[0]);
    Files.createDirectories(dir.resolve("cifar-missing"));
    Files.createDirectories(dir.resolve("cifar-folder/test_batch.bin"));
    Path sub = Files.createDirectories(dir.resolve("cifar-sub/cifar-10-batches-bin"));
    byte[] label200 = two.clone();
    label200[0] = (byte) 200;
    write(sub.resolve("test_batch.bin"), label200);
    Path train = cifar("cifar-train-partial", two);
    for (int i = 1; i <= 4; i++) {
      write(train.resolve("data_batch_" + i + ".bin"), two);
    }
    Path trainLen = cifar("cifar-train-length", two);
    for (int i = 1; i <= 5; i++) {
      write(
          trainLen.resolve("data_batch_" + i + ".bin"), i == 3 ? Arrays.copyOf(two, rec + 7) : two);
    }
    cifar("cifar-text", "label,pixels\n3,0 0 0\n".getBytes(StandardCharsets.UTF_8));
  }

  private static void jpegFixtures() throws IOException {
    byte[] jpeg = jpeg();
    Path empty = Files.createDirectories(dir.resolve("jpeg-empty"));
    Files.writeString(empty.resolve("labels.txt"), "");
    Path noImages = Files.createDirectories(dir.resolve("jpeg-no-images"));
    Files.writeString(noImages.resolve("labels.txt"), "1\n2\n");
    Path notJpeg = jpegDir("jpeg-not-jpeg", "a.JPEG 1\n");
    Files.writeString(notJpeg.resolve("a.JPEG"), "not an image\n");
    Path trunc = jpegDir("jpeg-truncated", "a.JPEG 1\n");
    write(trunc.resolve("a.JPEG"), Arrays.copyOf(jpeg, jpeg.length / 2));
    Path zero = jpegDir("jpeg-zero-bytes", "a.JPEG 1\n");
    write(zero.resolve("a.JPEG"), new byte[0]);
    Path missing = jpegDir("jpeg-listed-missing", "a.JPEG 1\nb.JPEG 2\n");
    write(missing.resolve("a.JPEG"), jpeg);
    Path more = jpegDir("jpeg-more-labels", "1\n2\n3\n");
    write(more.resolve("a.jpg"), jpeg);
    Path fewer = jpegDir("jpeg-fewer-labels", "1\n");
    write(fewer.resolve("a.jpg"), jpeg);
    write(fewer.resolve("b.jpg"), jpeg);
    Path badLabel = jpegDir("jpeg-bad-label", "a.JPEG cat\n");
    write(badLabel.resolve("a.JPEG"), jpeg);
    Path negative = jpegDir("jpeg-negative-label", "a.JPEG -3\n");
    write(negative.resolve("a.JPEG"), jpeg);
    Path mixed = jpegDir("jpeg-mixed-forms", "a.JPEG 1\n2\n");
    write(mixed.resolve("a.JPEG"), jpeg);
    Path fields = jpegDir("jpeg-three-fields", "a.JPEG 1 extra\n");
    write(fields.resolve("a.JPEG"), jpeg);
    Path classFolder = Files.createDirectories(dir.resolve("jpeg-class-folder/val/n01440764"));
    Files.writeString(dir.resolve("jpeg-class-folder/labels.txt"), "n01440764/a.JPEG 0\n");
    Files.createDirectories(classFolder.resolve("empty"));
    Path noLabels = Files.createDirectories(dir.resolve("jpeg-no-labels-file"));
    write(noLabels.resolve("a.JPEG"), jpeg);
    Path labelFolder = Files.createDirectories(dir.resolve("jpeg-labels-folder"));
    Files.createDirectories(labelFolder.resolve("labels.txt"));
    write(labelFolder.resolve("a.JPEG"), jpeg);
    Path huge = jpegDir("jpeg-huge-label", "a.JPEG 99999999999\n");
    write(huge.resolve("a.JPEG"), jpeg);
    Path dirImage = jpegDir("jpeg-image-is-folder", "a.JPEG 1\n");
    Files.createDirectories(dirImage.resolve("a.JPEG"));
    Path binLabels = Files.createDirectories(dir.resolve("jpeg-binary-labels"));
    write(binLabels.resolve("labels.txt"), jpeg);
    write(binLabels.resolve("a.JPEG"), jpeg);
  }

  private static void coefficientFixtures() throws IOException {
    Path c = Files.createDirectories(dir.resolve("coeffs"));
    String ok = CoefficientFiles.toJson(CoefficientSets.bundled("relu"));
    Files.writeString(c.resolve("trailing.json"), ok + "{\"name\": \"second\"}\n");
    Files.writeString(c.resolve("garbage.json"), ok + "xyz\n");
    Files.writeString(
        c.resolve("k-fraction.json"),
        set("\"k\": 2.5, \"h\": [1, 2], \"T\": [1, 2], \"d\": [1, 2]"));
    Files.writeString(
        c.resolve("k-string.json"),
        set("\"k\": \"2\", \"h\": [1, 2], \"T\": [1, 2], \"d\": [1, 2]"));
    Files.writeString(
        c.resolve("k-wrong.json"), set("\"k\": 3, \"h\": [1, 2], \"T\": [1, 2], \"d\": [1, 2]"));
    Files.writeString(
        c.resolve("length.json"), set("\"h\": [1, 2], \"T\": [1, 2, 3], \"d\": [1, 2]"));
    Files.writeString(c.resolve("nan.json"), set("\"h\": [NaN, 2], \"T\": [1, 2], \"d\": [1, 2]"));
    Files.writeString(
        c.resolve("infinity.json"), set("\"h\": [1, 2], \"T\": [1, Infinity], \"d\": [1, 2]"));
    Files.writeString(
        c.resolve("overflow.json"), set("\"h\": [1, 2], \"T\": [1, 2], \"d\": [1, 1e39]"));
    Files.writeString(c.resolve("missing-h.json"), set("\"T\": [1, 2], \"d\": [1, 2]"));
    Files.writeString(
        c.resolve("h-string.json"), set("\"h\": \"1, 2\", \"T\": [1, 2], \"d\": [1, 2]"));
    Files.writeString(
        c.resolve("h-element.json"), set("\"h\": [1, \"two\"], \"T\": [1, 2], \"d\": [1, 2]"));
    Files.writeString(
        c.resolve("h-nested.json"), set("\"h\": [[1], [2]], \"T\": [1, 2], \"d\": [1, 2]"));
    Files.writeString(c.resolve("empty-arrays.json"), set("\"h\": [], \"T\": [], \"d\": []"));
    Files.writeString(
        c.resolve("name-number.json"), "{\"name\": 5, \"h\": [1], \"T\": [1], \"d\": [1]}");
    Files.writeString(
        c.resolve("unknown-key.json"), set("\"hh\": [1], \"h\": [1], \"T\": [1], \"d\": [1]"));
    Files.writeString(
        c.resolve("duplicate-key.json"), set("\"h\": [1], \"h\": [2], \"T\": [1], \"d\": [1]"));
    Files.writeString(
        c.resolve("format.json"),
        "{\"format\": \"other/2\", \"name\": \"x\", \"h\": [1], \"T\": [1], " + "\"d\": [1]}");
    Files.writeString(
        c.resolve("target.json"),
        "{\"name\": \"x\", \"target\": \"swsh\", \"h\": [1], \"T\": [1], \"d\": [1]}");
    Files.writeString(
        c.resolve("provenance.json"),
        set("\"provenance\": [1], \"h\": [1], \"T\": [1], \"d\": [1]"));
    Files.writeString(c.resolve("array.json"), "[1, 2, 3]\n");
    Files.writeString(c.resolve("empty.json"), "");
    Files.writeString(c.resolve("yaml.json"), "name: relu\nh: [1]\n");
    Files.writeString(c.resolve("unclosed.json"), "{\"name\": \"x\", \"h\": [1, 2\n");
    Files.writeString(
        c.resolve("secret.json"), "{\"name\": \"x\", \"h\": [" + "p4ssw0rd".repeat(50) + "]}\n");
    Files.writeString(c.resolve("deep.json"), "[".repeat(5000) + "]".repeat(5000));
    write(c.resolve("binary.json"), new byte[] {'{', (byte) 0xff, (byte) 0xfe, 0, '}'});
    Files.createDirectories(c.resolve("folder.json"));
    // K = 26 FS-ReLU: 2^26 pieces, no table body; K = 10000 FS-ReLU: too costly to compile
    CoefficientFiles.write(CoefficientSets.relu(25, 26), c.resolve("relu26.json"));
    float[] v = new float[10000];
    for (int t = 0; t < v.length; t++) {
      v[t] = (float) (25 * Math.pow(2, -(t + 1)));
    }
    CoefficientFiles.write(
        new CoefficientSet("relu10000", TargetFunction.RELU, new FsParams(v, v, v), Map.of()),
        c.resolve("relu10000.json"));
  }

  private static String set(String fields) {
    return "{\"name\": \"x\", \"target\": \"relu\", " + fields + "}\n";
  }

  // ------------------------------------------------------------------ cases

  static Stream<FileCase> cases() {
    List<FileCase> c = new ArrayList<>();
    Map<String, String> fm = Map.of("FASHION_MNIST_DIR", "%D%/idx-good");
    // ---- ONNX files through convert, neurons, eval and bench
    String[][] bad = {
      {"empty", "not an ONNX model"},
      {"truncated", "not an ONNX model"},
      {"random", "not an ONNX model"},
      {"text", "not an ONNX model"},
      {"json", "not an ONNX model"},
      {"gzip", "not an ONNX model"},
      {"nograph", "not an ONNX model"},
      {"noinputs", "not an ONNX model"},
      {"nooutputs", "no outputs"},
      {"noopset", "not an ONNX model"},
      {"ir0", "not an ONNX model"},
      {"folder", "folder.onnx"},
      {"missing", "missing.onnx"},
    };
    for (String[] b : bad) {
      String f = "%D%/onnx/" + b[0] + ".onnx";
      c.add(fc("onnx " + b[0] + ": convert", b[1], Map.of(), "convert", f, "-o", "%D%/out.onnx"));
      c.add(fc("onnx " + b[0] + ": neurons", b[1], Map.of(), "neurons", "--model", f));
      c.add(
          fc(
              "onnx " + b[0] + ": eval",
              b[1],
              fm,
              "eval",
              "--model",
              f,
              "--dataset",
              "fashion-mnist:test"));
    }
    for (String b : List.of("empty", "random", "nograph")) {
      c.add(
          fc(
              "onnx " + b + ": bench",
              "not an ONNX model",
              Map.of(),
              "bench",
              "--model",
              "%D%/onnx/" + b + ".onnx",
              "--runs",
              "1",
              "--csv",
              "%D%/b.csv"));
    }
    String[][] runtime = {
      {"int64", "int64"},
      {"twoinputs", "2 inputs"},
      {"fiveoutputs", "5"},
      {
        "fixedbatch",
        "fixedbatch.onnx: model input [1, 1, 28, 28] has a fixed batch size of 1; expected a dynamic"
            + " batch dimension (or batches of exactly 1 images), found a batch of "
      },
      {"dangling", "nosuch"},
      {"unknownop", "FooBar"},
      {"hugeinput", "hugeinput.onnx"},
      {"hugeinit", "hugeinit.onnx"},
      {"scalarout", "scalarout.onnx"},
    };
    for (String[] b : runtime) {
      String f = "%D%/onnx/" + b[0] + ".onnx";
      c.add(
          fc(
              "onnx " + b[0] + ": eval",
              b[1],
              fm,
              "eval",
              "--model",
              f,
              "--dataset",
              "fashion-mnist:test"));
      c.add(
          fc(
              "onnx " + b[0] + ": eval --fs",
              b[1],
              fm,
              "eval",
              "--model",
              f,
              "--dataset",
              "fashion-mnist:test",
              "--fs"));
    }
    for (String b : List.of("dangling", "hugeinit")) {
      c.add(
          fc(
              "onnx " + b + ": convert",
              b + ".onnx",
              Map.of(),
              "convert",
              "%D%/onnx/" + b + ".onnx",
              "-o",
              "%D%/out.onnx"));
    }
    c.add(
        fc(
            "onnx cifar model on fashion-mnist",
            "cifar.onnx",
            fm,
            "eval",
            "--model",
            "%D%/onnx/cifar.onnx",
            "--dataset",
            "fashion-mnist:test"));
    // ---- IDX files (Fashion-MNIST) through eval, and the train split through calibration
    String[][] idx = {
      {"idx-images-magic", "wrong magic number 0x00000801"},
      {"idx-labels-magic", "wrong magic number 0x00000803"},
      {"idx-swapped", "this looks like an IDX labels file"},
      {"idx-rows-zero", "bad IDX header"},
      {"idx-32x32", "32x32"},
      {"idx-images-truncated", "truncated"},
      {"idx-labels-truncated", "truncated"},
      {"idx-count-mismatch", "has 5 labels but"},
      {"idx-label-10", "label 10 of image 2 is outside 0..9"},
      {"idx-label-255", "label 255 of image 0 is outside 0..9"},
      {"idx-trailing", "data after the 4 images"},
      {"idx-header-truncated", "truncated"},
      {"idx-empty-images", "empty file, expected IDX images"},
      {"idx-empty-labels", "empty file, expected IDX labels"},
      {"idx-huge-count", "too many to hold in memory"},
      {"idx-zero-images", "no images to evaluate"},
      {"idx-negative-count", "bad IDX header"},
      {"idx-gz-corrupt", "corrupt gzip"},
      {"idx-gz-truncated", "truncated"},
      {"idx-gz-of-text", "idx-gz-of-text"},
      {"idx-no-labels", "t10k-labels-idx1-ubyte.gz: file not found"},
      {"idx-labels-folder", "t10k-labels-idx1-ubyte.gz: file not found"},
      {"idx-empty-folder", "t10k-images-idx3-ubyte.gz: file not found"},
      {"idx-a-file", "is not a folder"},
      {"idx-does-not-exist", "is not a folder"},
    };
    for (String[] b : idx) {
      c.add(
          fc(
              b[0] + ": eval",
              b[1],
              Map.of("FASHION_MNIST_DIR", "%D%/" + b[0]),
              "eval",
              "--model",
              "%D%/onnx/fmnist.onnx",
              "--dataset",
              "fashion-mnist:test"));
    }
    c.add(
        fc(
            "idx limit beyond the file",
            "asked for the first 9 images but the file has only 4",
            fm,
            "eval",
            "--model",
            "%D%/onnx/fmnist.onnx",
            "--dataset",
            "fashion-mnist:test:9"));
    c.add(
        fc(
            "idx label 10: eval --fs",
            "label 10 of image 2",
            Map.of("FASHION_MNIST_DIR", "%D%/idx-label-10"),
            "eval",
            "--model",
            "%D%/onnx/fmnist.onnx",
            "--dataset",
            "fashion-mnist:test",
            "--fs"));
    c.add(
        fc(
            "onnx fixedbatch: convert --calibrate",
            "fixedbatch.onnx: model input [1, 1, 28, 28] has a fixed batch size of 1; expected a"
                + " dynamic batch dimension (or batches of exactly 1 images), found a batch of 2",
            Map.of("FASHION_MNIST_DIR", "%D%/idx-train-good"),
            "convert",
            "%D%/onnx/fixedbatch.onnx",
            "-o",
            "%D%/out.onnx",
            "--calibrate",
            "fashion-mnist:train:2"));
    c.add(
        fc(
            "idx bad train split: convert --calibrate",
            "wrong magic number 0x12345678",
            Map.of("FASHION_MNIST_DIR", "%D%/idx-train-bad"),
            "convert",
            "%D%/onnx/fmnist.onnx",
            "-o",
            "%D%/out.onnx",
            "--calibrate",
            "fashion-mnist:train:2"));
    c.add(
        fc(
            "idx bad train split: eval --calibrate",
            "wrong magic number 0x12345678",
            Map.of("FASHION_MNIST_DIR", "%D%/idx-train-bad"),
            "eval",
            "--model",
            "%D%/onnx/fmnist.onnx",
            "--dataset",
            "fashion-mnist:test",
            "--fs",
            "--calibrate",
            "fashion-mnist:train:2"));
    // ---- CIFAR-10 binary batches through eval
    String[][] cifar = {
      {"cifar-wrong-length", "test_batch.bin"},
      {"cifar-label-10", "label 10"},
      {"cifar-empty", "no images to evaluate"},
      {"cifar-missing", "test_batch.bin: file not found"},
      {"cifar-folder", "test_batch.bin: file not found"},
      {"cifar-sub", "label 200"},
      {"cifar-text", "test_batch.bin"},
    };
    for (String[] b : cifar) {
      c.add(
          fc(
              b[0] + ": eval",
              b[1],
              Map.of("CIFAR10_DIR", "%D%/" + b[0]),
              "eval",
              "--model",
              "%D%/onnx/cifar.onnx",
              "--dataset",
              "cifar10:test"));
    }
    c.add(
        fc(
            "cifar-train-partial: eval --calibrate",
            "data_batch_5.bin: file not found",
            Map.of("CIFAR10_DIR", "%D%/cifar-train-partial"),
            "eval",
            "--model",
            "%D%/onnx/cifar.onnx",
            "--dataset",
            "cifar10:test",
            "--fs",
            "--calibrate",
            "cifar10:train:2"));
    c.add(
        fc(
            "cifar-train-length: eval --calibrate",
            "data_batch_3.bin",
            Map.of("CIFAR10_DIR", "%D%/cifar-train-length"),
            "eval",
            "--model",
            "%D%/onnx/cifar.onnx",
            "--dataset",
            "cifar10:train"));
    c.add(
        fc(
            "cifar model on fashion-mnist data",
            "fmnist.onnx",
            Map.of("CIFAR10_DIR", "%D%/cifar-label-10"),
            "eval",
            "--model",
            "%D%/onnx/fmnist.onnx",
            "--dataset",
            "cifar10:test:1"));
    // ---- JPEG folders (imagenet:val) through eval
    String[][] jpeg = {
      {"jpeg-empty", "no labels (empty file)"},
      {"jpeg-no-images", "2 labels but"},
      {"jpeg-not-jpeg", "a.JPEG: not an image"},
      {"jpeg-truncated", "a.JPEG"},
      {"jpeg-zero-bytes", "a.JPEG"},
      {"jpeg-listed-missing", "b.JPEG: file not found"},
      {"jpeg-more-labels", "3 labels but"},
      {"jpeg-fewer-labels", "1 labels for 2 images"},
      {"jpeg-bad-label", "label 'cat' is not a non-negative integer"},
      {"jpeg-negative-label", "label '-3' is not a non-negative integer"},
      {"jpeg-mixed-forms", "labels.txt:2: missing label for 2"},
      {"jpeg-three-fields", "found 3 fields"},
      {"jpeg-class-folder", "a.JPEG: file not found"},
      {"jpeg-no-labels-file", "no labels file"},
      {"jpeg-labels-folder", "no labels file"},
      {"jpeg-huge-label", "99999999999"},
      {"jpeg-image-is-folder", "a.JPEG"},
      {"jpeg-binary-labels", "labels.txt"},
    };
    for (String[] b : jpeg) {
      c.add(
          fc(
              b[0] + ": eval",
              b[1],
              Map.of("IMAGENET_DIR", "%D%/" + b[0]),
              "eval",
              "--model",
              "%D%/onnx/imagenet.onnx",
              "--dataset",
              "imagenet:val"));
    }
    c.add(
        fc(
            "jpeg named labels file missing",
            "nosuch.txt: labels file not found",
            Map.of("IMAGENET_DIR", "%D%/jpeg-listed-missing", "IMAGENET_LABELS", "nosuch.txt"),
            "eval",
            "--model",
            "%D%/onnx/imagenet.onnx",
            "--dataset",
            "imagenet:val"));
    // ---- coefficient JSON through approx, eval --map and convert --map
    String[][] json = {
      {"trailing", "not valid JSON (Trailing token"},
      {"garbage", "not valid JSON"},
      {"k-fraction", "k: expected a whole number of time steps (2, the length of h), found 2.5"},
      {"k-string", "k: expected a whole number"},
      {"k-wrong", "k: expected 2 (the number of values in h), found 3"},
      {"length", "expected arrays of the same length K, found h=2, T=3, d=2"},
      {"nan", "Non-standard token 'NaN'"},
      {"infinity", "Non-standard token 'Infinity'"},
      {"overflow", "d[1]: expected a finite float32"},
      {"missing-h", "h: expected an array of K numbers, found nothing"},
      {"h-string", "h: expected an array of K numbers, found the string \"1, 2\""},
      {"h-element", "h[1]: expected a number, found the string \"two\""},
      {"h-nested", "h[0]: expected a number, found an array of 1 value"},
      {"empty-arrays", "h: expected at least one value"},
      {"name-number", "name: expected a non-empty string"},
      {"unknown-key", "unknown key 'hh'"},
      {"duplicate-key", "Duplicate field 'h'"},
      {"format", "format: expected \"fsneurons-coefficients/1\""},
      {"target", "unknown target function 'swsh'"},
      {"provenance", "provenance: expected an object"},
      {"array", "found an array of 3 values"},
      {"empty", "found an empty file"},
      {"yaml", "not valid JSON"},
      {"unclosed", "not valid JSON"},
      {"deep", "not valid JSON"},
      {"binary", "not UTF-8 text"},
      {"folder", "found a folder"},
    };
    for (String[] b : json) {
      String f = "%D%/coeffs/" + b[0] + ".json";
      c.add(
          fc(
              "coeffs " + b[0] + ": approx",
              b[1],
              Map.of(),
              "approx",
              "--coeffs",
              f,
              "--uniform",
              "-1,1"));
    }
    for (String b : List.of("trailing", "k-fraction", "nan", "h-element", "empty")) {
      String f = "%D%/coeffs/" + b + ".json";
      c.add(
          fc(
              "coeffs " + b + ": convert --map",
              b + ".json",
              Map.of(),
              "convert",
              "%D%/onnx/fmnist.onnx",
              "-o",
              "%D%/out.onnx",
              "--map",
              "Gemm=" + f));
      c.add(
          fc(
              "coeffs " + b + ": eval --map",
              b + ".json",
              fm,
              "eval",
              "--model",
              "%D%/onnx/fmnist.onnx",
              "--dataset",
              "fashion-mnist:test",
              "--fs",
              "--map",
              "Relu=" + f));
    }
    c.add(
        fc(
            "coeffs secret value not echoed",
            "secret.json",
            Map.of(),
            "approx",
            "--coeffs",
            "%D%/coeffs/secret.json",
            "--uniform",
            "-1,1"));
    String how = "use --body dynamics or --body native";
    c.add(
        fc(
            "coeffs relu K=26: convert --body table",
            "more than 4194304 pieces",
            Map.of(),
            "convert",
            "%D%/onnx/fmnist.onnx",
            "-o",
            "%D%/out.onnx",
            "--map",
            "Relu=%D%/coeffs/relu26.json",
            "--body",
            "table"));
    c.add(
        fc(
            "coeffs relu K=26: eval --body table",
            how,
            fm,
            "eval",
            "--model",
            "%D%/onnx/fmnist.onnx",
            "--dataset",
            "fashion-mnist:test",
            "--fs",
            "--map",
            "Relu=%D%/coeffs/relu26.json",
            "--body",
            "table"));
    c.add(
        fc(
            "coeffs relu K=10000: convert --body table",
            "too costly to compile",
            Map.of(),
            "convert",
            "%D%/onnx/fmnist.onnx",
            "-o",
            "%D%/out.onnx",
            "--map",
            "Relu=%D%/coeffs/relu10000.json",
            "--body",
            "table"));
    return c.stream();
  }

  private static FileCase fc(String name, String expect, Map<String, String> vars, String... args) {
    return new FileCase(name, expect, vars, List.of(args));
  }

  private static String resolve(String s) {
    return s.replace("%D%", dir.toString());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void badFileIsOneLineExitTwoAndWritesNothing(FileCase c) {
    Map<String, String> saved = new HashMap<>();
    for (var e : c.vars().entrySet()) {
      saved.put(e.getKey(), System.getProperty(e.getKey()));
      System.setProperty(e.getKey(), resolve(e.getValue()));
    }
    try {
      Corpus.assertUserError(
          new Corpus.Case(
              c.name(),
              c.args().stream().map(FilesCorpusTest::resolve).toList(),
              List.of(dir),
              resolve(c.expect())));
    } finally {
      for (var e : saved.entrySet()) {
        if (e.getValue() == null) {
          System.clearProperty(e.getKey());
        } else {
          System.setProperty(e.getKey(), e.getValue());
        }
      }
    }
  }

  @Test
  void corpusHasAtLeastNinetyCases() {
    assertTrue(cases().count() >= 90, "cases: " + cases().count());
  }

  @Test
  void aSecretInACoefficientFileIsNeverEchoed() {
    String line =
        Corpus.assertUserError(
            Corpus.of(
                "secret",
                null,
                List.of(dir),
                "approx",
                "--coeffs",
                resolve("%D%/coeffs/secret.json"),
                "--uniform",
                "-1,1"));
    // at most a 40-character excerpt of the offending token, never the 400-character value
    assertTrue(!line.contains("p4ssw0rd".repeat(6)), line);
    assertTrue(line.length() < 300, line);
  }

  // ------------------------------------------------------------------ builders

  private static void write(Path p, byte[] b) throws IOException {
    Files.createDirectories(p.getParent());
    Files.write(p, b);
  }

  private static void idx(String name, byte[] images, byte[] labels) throws IOException {
    Path d = Files.createDirectories(dir.resolve(name));
    write(d.resolve("t10k-images-idx3-ubyte"), images);
    write(d.resolve("t10k-labels-idx1-ubyte"), labels);
  }

  private static void idxGz(String name, byte[] images, byte[] labels) throws IOException {
    Path d = Files.createDirectories(dir.resolve(name));
    write(d.resolve("t10k-images-idx3-ubyte.gz"), images);
    write(d.resolve("t10k-labels-idx1-ubyte.gz"), labels);
  }

  private static Path cifar(String name, byte[] testBatch) throws IOException {
    Path d = Files.createDirectories(dir.resolve(name));
    write(d.resolve("test_batch.bin"), testBatch);
    return d;
  }

  private static Path jpegDir(String name, String labels) throws IOException {
    Path d = Files.createDirectories(dir.resolve(name));
    Files.writeString(d.resolve("labels.txt"), labels);
    return d;
  }

  private static byte[] idxImages(int n, int rows, int cols) {
    ByteBuffer b = ByteBuffer.allocate(16 + n * rows * cols);
    b.putInt(0x00000803).putInt(n).putInt(rows).putInt(cols);
    for (int i = 0; i < n * rows * cols; i++) {
      b.put((byte) (i * 7));
    }
    return b.array();
  }

  private static byte[] idxLabels(int n, int label) {
    ByteBuffer b = ByteBuffer.allocate(8 + n);
    b.putInt(0x00000801).putInt(n);
    for (int i = 0; i < n; i++) {
      b.put((byte) ((label + i) % 10));
    }
    return b.array();
  }

  private static byte[] withInt(byte[] a, int off, int v) {
    byte[] c = a.clone();
    ByteBuffer.wrap(c).putInt(off, v);
    return c;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  private static byte[] gzip(byte[] b) throws IOException {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    try (GZIPOutputStream g = new GZIPOutputStream(o)) {
      g.write(b);
    }
    return o.toByteArray();
  }

  private static byte[] jpeg() throws IOException {
    BufferedImage img = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 48; y++) {
      for (int x = 0; x < 64; x++) {
        img.setRGB(x, y, (x * 4) << 16 | (y * 5) << 8 | ((x * y) & 0xff));
      }
    }
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    assertTrue(ImageIO.write(img, "jpg", o), "a JPEG writer");
    return o.toByteArray();
  }

  private static OperatorSetIdProto opset(int v) {
    return OperatorSetIdProto.newBuilder().setDomain("").setVersion(v).build();
  }

  /** A node named after its op and first output, e.g. {@code Gemm_y}. */
  private static NodeProto node(
      String op, List<String> in, List<String> out, AttributeProto... attrs) {
    return TinyModels.node(op, op + "_" + out.get(0), in, out, attrs);
  }

  /** Small weights in [-0.05, 0.05), seeded by the element count (the same file every run). */
  private static TensorProto floats(String name, long[] dims) {
    long n = 1;
    for (long d : dims) {
      n *= d;
    }
    float[] v = new float[Math.toIntExact(n)];
    SplittableRandom r = new SplittableRandom(n);
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (r.nextDouble() - 0.5) * 0.1f;
    }
    return TinyModels.floats(name, v, dims);
  }

  private static ModelProto model(GraphProto.Builder g) {
    return TinyModels.model("FilesCorpusTest", g.setName("g").build(), 13, 8);
  }

  /**
   * x [N,C,H,W] (elem type) -> [Cast] -> Flatten -> Relu -> Gemm(W [C*H*W, classes]) -> y [N,
   * classes].
   */
  private static ModelProto linear(int c, int h, int w, int classes, int type) {
    long features = (long) c * h * w;
    GraphProto.Builder g = GraphProto.newBuilder().addInput(valueOfType("x", type, -1, c, h, w));
    String x = "x";
    if (type != FLOAT) {
      g.addNode(node("Cast", List.of("x"), List.of("xf"), intAttr("to", FLOAT)));
      x = "xf";
    }
    g.addNode(node("Flatten", List.of(x), List.of("f"), intAttr("axis", 1)));
    g.addNode(node("Relu", List.of("f"), List.of("r")));
    g.addNode(node("Gemm", List.of("r", "W", "B"), List.of("y")));
    if (features * classes < 1_000_000) {
      g.addInitializer(floats("W", new long[] {features, classes}));
      g.addInitializer(floats("B", new long[] {classes}));
    }
    g.addOutput(valueOfType("y", FLOAT, -1, classes));
    return model(g);
  }

  /** x [N,C,H,W] -> GlobalAveragePool -> Flatten -> Relu -> Gemm -> y [N, classes]. */
  private static ModelProto pooled(int c, int h, int w, int classes) {
    GraphProto.Builder g = GraphProto.newBuilder().addInput(valueOfType("x", FLOAT, -1, c, h, w));
    g.addNode(node("GlobalAveragePool", List.of("x"), List.of("p")));
    g.addNode(node("Flatten", List.of("p"), List.of("f"), intAttr("axis", 1)));
    g.addNode(node("Relu", List.of("f"), List.of("r")));
    g.addNode(node("Gemm", List.of("r", "W", "B"), List.of("y")));
    g.addInitializer(floats("W", new long[] {c, classes}));
    g.addInitializer(floats("B", new long[] {classes}));
    g.addOutput(valueOfType("y", FLOAT, -1, classes));
    return model(g);
  }

  /** Two image inputs added together. */
  private static ModelProto twoInputs() {
    ModelProto base = linear(1, 28, 28, 10, FLOAT);
    GraphProto.Builder g = base.getGraph().toBuilder();
    g.addInput(valueOfType("x2", FLOAT, -1, 1, 28, 28));
    List<NodeProto> nodes = new ArrayList<>(g.getNodeList());
    nodes.add(0, node("Add", List.of("x", "x2"), List.of("s")));
    nodes.set(1, nodes.get(1).toBuilder().setInput(0, "s").build());
    g.clearNode().addAllNode(nodes);
    return model(g);
  }
}
