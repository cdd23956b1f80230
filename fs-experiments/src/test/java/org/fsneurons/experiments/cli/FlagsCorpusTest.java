package org.fsneurons.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.fsneurons.core.coeff.CoefficientFiles;
import org.fsneurons.core.coeff.CoefficientSets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The malformed-flag corpus of the subcommands approx, fit, neurons, convert, eval, sweep and bench
 * (issue 11): a bad number, path or choice ends with exit 2 and one line naming the flag, before
 * any work, and writes nothing. In the arguments {@code %D%} stands for a folder holding a copy of
 * the trained Fashion-MNIST model ({@code m.onnx}), a coefficient file ({@code relu.json}), a
 * samples file ({@code s.csv}) and a subfolder ({@code sub}); {@code %M%} for the model copy.
 * {@code /etc/hostname} is a regular file, so a path under it cannot be created (even as root).
 */
class FlagsCorpusTest {
  @TempDir static Path dir;

  /** A file that exists on every Linux machine (a path below it cannot be written). */
  private static final String UNDER_FILE = "/etc/hostname/x";

  @BeforeAll
  static void files() throws IOException {
    Files.copy(model(), dir.resolve("m.onnx"));
    CoefficientFiles.write(CoefficientSets.bundled("relu"), dir.resolve("relu.json"));
    Files.writeString(dir.resolve("s.csv"), "x,y\n0,0\n1,1\n");
    Files.createDirectories(dir.resolve("sub"));
  }

  /** models/fmnist-resnet20.onnx of the repository (tests run in the module folder). */
  static Path model() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path m = p.resolve("models/fmnist-resnet20.onnx");
      if (Files.isRegularFile(m)) {
        return m;
      }
    }
    throw new IllegalStateException(
        "models/fmnist-resnet20.onnx not found above " + Path.of("").toAbsolutePath());
  }

  private static Corpus.Case c(String name, String expect, String... args) {
    return Corpus.of(name, expect, List.of(), args);
  }

  static Stream<Corpus.Case> cases() {
    List<Corpus.Case> c = new ArrayList<>();
    // ---- eval --spark
    c.add(
        c(
            "eval: more partitions than Spark can schedule (was an OutOfMemoryError, exit 1)",
            "--partitions: expected at most 100000 (one Spark task each), found 2147483647",
            "eval",
            "--model",
            "%M%",
            "--dataset",
            "fashion-mnist:test:5",
            "--spark",
            "local[1]",
            "--partitions",
            "2147483647"));
    // ---- approx
    c.add(
        c(
            "approx: empty coeffs",
            "coefficient set: expected a bundled set (relu, sigmoid, swish, gelu, swish_fit16) or a"
                + " JSON file, found an empty value",
            "approx",
            "--coeffs",
            "",
            "--uniform",
            "-8,8"));
    c.add(
        c(
            "approx: uniform beyond float32",
            "--uniform -1e308,1e308: uniform range needs LO and HI within float32",
            "approx",
            "--coeffs",
            "relu",
            "--uniform",
            "-1e308,1e308"));
    c.add(
        c(
            "approx: normal beyond float32",
            "--normal 0,1e308: normal distribution needs MEAN +- 8 STD within " + "float32",
            "approx",
            "--coeffs",
            "relu",
            "--normal",
            "0,1e308"));
    c.add(
        c(
            "approx: uniform decreasing",
            "finite LO < HI, found 5.0,1.0",
            "approx",
            "--coeffs",
            "relu",
            "--uniform",
            "5,1"));
    c.add(
        c(
            "approx: uniform not numbers",
            "--uniform: expected two numbers A,B, found 'abc'",
            "approx",
            "--coeffs",
            "relu",
            "--uniform",
            "abc"));
    c.add(
        c(
            "approx: uniform empty",
            "--uniform: expected two numbers A,B, found ''",
            "approx",
            "--coeffs",
            "relu",
            "--uniform",
            ""));
    c.add(
        c(
            "approx: uniform NaN",
            "--uniform: numbers must be finite",
            "approx",
            "--coeffs",
            "relu",
            "--uniform",
            "NaN,1"));
    c.add(
        c(
            "approx: normal negative std",
            "finite MEAN and STD > 0, found 0.0,-1.0",
            "approx",
            "--coeffs",
            "relu",
            "--normal",
            "0,-1"));
    c.add(
        c(
            "approx: points beyond memory",
            "--points 2000000000: 2000000000 points would need about 72.0 GB of " + "memory",
            "approx",
            "--coeffs",
            "relu",
            "--uniform",
            "-1,1",
            "--points",
            "2000000000"));
    c.add(
        c(
            "approx: one point",
            "--points: expected a whole number >= 2, found 1",
            "approx",
            "--coeffs",
            "relu",
            "--uniform",
            "-1,1",
            "--points",
            "1"));
    c.add(
        c(
            "approx: negative points",
            "--points: expected a whole number >= 2, found -5",
            "approx",
            "--coeffs",
            "relu",
            "--uniform",
            "-1,1",
            "--points",
            "-5"));
    c.add(
        c(
            "approx: points not a number",
            "'abc' is not an int",
            "approx",
            "--coeffs",
            "relu",
            "--uniform",
            "-1,1",
            "--points",
            "abc"));
    c.add(
        c(
            "approx: zero samples",
            "--samples: expected a whole number >= 1, found 0",
            "approx",
            "--coeffs",
            "relu",
            "--normal",
            "0,1",
            "--samples",
            "0"));
    c.add(
        c(
            "approx: plot is a folder",
            "--plot %D%/sub: expected a file to write, found a folder",
            "approx",
            "--coeffs",
            "relu",
            "--uniform",
            "-1,1",
            "--plot",
            "%D%/sub"));
    c.add(
        c(
            "approx: plot under a file",
            "--plot "
                + UNDER_FILE
                + ".png: expected a path inside folders, found "
                + "that /etc/hostname is a file",
            "approx",
            "--coeffs",
            "relu",
            "--uniform",
            "-1,1",
            "--plot",
            UNDER_FILE + ".png"));
    c.add(
        c(
            "approx: plot empty",
            "--plot: expected a file path, found an empty value",
            "approx",
            "--coeffs",
            "relu",
            "--uniform",
            "-1,1",
            "--plot",
            ""));
    c.add(
        c(
            "approx: plot over the coefficient file",
            "--plot %D%/relu.json: expected a file other than --coeffs",
            "approx",
            "--coeffs",
            "%D%/relu.json",
            "--uniform",
            "-1,1",
            "--plot",
            "%D%/relu.json"));
    c.add(
        c(
            "approx: unknown set",
            "unknown coefficient set 'nosuch'",
            "approx",
            "--coeffs",
            "nosuch",
            "--uniform",
            "-1,1"));
    c.add(
        c(
            "approx: unknown target",
            "unknown target function 'abc'",
            "approx",
            "--coeffs",
            "relu",
            "--target",
            "abc",
            "--uniform",
            "-1,1"));
    // ---- fit (every case would fit for seconds if it got that far)
    String[] fit = {"fit", "--target", "relu", "--k", "4", "--uniform", "-1,1"};
    c.add(
        c(
            "fit: out is a folder",
            "--out %D%/sub: expected a file to write, found a folder",
            with(fit, "-o", "%D%/sub")));
    c.add(
        c(
            "fit: out under a file",
            "--out " + UNDER_FILE + ".json: expected a path inside folders",
            with(fit, "-o", UNDER_FILE + ".json")));
    c.add(
        c(
            "fit: out empty",
            "--out: expected a file path, found an empty value",
            with(fit, "-o", "")));
    c.add(
        c(
            "fit: out over the samples",
            "--out %D%/s.csv: expected a file other than --samples %D%/s.csv",
            "fit",
            "--samples",
            "%D%/s.csv",
            "--k",
            "4",
            "--uniform",
            "-1,1",
            "-o",
            "%D%/s.csv"));
    c.add(
        c(
            "fit: k 0",
            "--k: expected a number of time steps K in 1..63, found 0",
            "fit",
            "--target",
            "relu",
            "--k",
            "0",
            "--uniform",
            "-1,1",
            "-o",
            "%D%/f.json"));
    c.add(
        c(
            "fit: k 64",
            "--k: expected a number of time steps K in 1..63, found 64",
            "fit",
            "--target",
            "relu",
            "--k",
            "64",
            "--uniform",
            "-1,1",
            "-o",
            "%D%/f.json"));
    c.add(
        c(
            "fit: threads -2",
            "--threads: expected 0 (one per core) to 1024 threads, found -2",
            with(fit, "-o", "%D%/f.json", "--threads", "-2")));
    c.add(
        c(
            "fit: threads 100000",
            "--threads: expected 0 (one per core) to 1024 threads, found 100000",
            with(fit, "-o", "%D%/f.json", "--threads", "100000")));
    c.add(
        c(
            "fit: restarts 0",
            "--restarts: expected a whole number >= 1, found 0",
            with(fit, "-o", "%D%/f.json", "--restarts", "0")));
    c.add(
        c(
            "fit: time limit NaN",
            "--time-limit: expected a finite number >= 0, found NaN",
            with(fit, "-o", "%D%/f.json", "--time-limit", "NaN")));
    c.add(
        c(
            "fit: time limit negative",
            "--time-limit: expected a finite number >= 0, found -1.0",
            with(fit, "-o", "%D%/f.json", "--time-limit", "-1")));
    c.add(
        c(
            "fit: spike weight negative",
            "--spike-weight: expected a finite number >= 0, found -1.0",
            with(fit, "-o", "%D%/f.json", "--spike-weight", "-1")));
    c.add(
        c(
            "fit: voltage weight infinite",
            "--voltage-weight: expected a finite number >= 0, found Infinity",
            with(fit, "-o", "%D%/f.json", "--voltage-weight", "Infinity")));
    c.add(
        c(
            "fit: uniform beyond float32",
            "--uniform: uniform range needs LO and HI within float32",
            "fit",
            "--target",
            "relu",
            "--k",
            "4",
            "--uniform",
            "-1e308,1e308",
            "-o",
            "%D%/f.json"));
    c.add(
        c(
            "fit: normal beyond float32",
            "--normal: normal distribution needs MEAN +- 8 STD within float32",
            "fit",
            "--target",
            "relu",
            "--k",
            "4",
            "--normal",
            "0,1e308",
            "-o",
            "%D%/f.json"));
    c.add(
        c(
            "fit: quant bits 1",
            "quantisation needs 2..16 bits, found 1",
            with(fit, "-o", "%D%/f.json", "--quant-bits", "1")));
    c.add(
        c(
            "fit: inputs is a folder",
            "%D%/sub: cannot read samples",
            "fit",
            "--target",
            "relu",
            "--k",
            "4",
            "--inputs",
            "%D%/sub",
            "-o",
            "%D%/f.json"));
    // ---- neurons
    c.add(
        c(
            "neurons: zero input size",
            "input size '0x0x3'",
            "neurons",
            "--arch",
            "resnet20-cifar",
            "--input",
            "0x0x3"));
    c.add(
        c(
            "neurons: model is a folder",
            "%D%/sub: cannot read model file",
            "neurons",
            "--model",
            "%D%/sub"));
    c.add(
        c(
            "neurons: unknown body",
            "--body: expected auto, native, table or dynamics, found 'abc'",
            "neurons",
            "--model",
            "%M%",
            "--body",
            "abc"));
    // ---- convert
    String[] convert = {"convert", "%M%"};
    c.add(
        c(
            "convert: output is a folder",
            "--output %D%/sub: expected a file to write, found a folder",
            with(convert, "-o", "%D%/sub")));
    c.add(
        c(
            "convert: output is the input",
            "--output %M%: expected a file other than IN.onnx %M%",
            with(convert, "-o", "%M%")));
    c.add(
        c(
            "convert: output is the input by another name",
            "expected a file other than IN.onnx",
            with(convert, "-o", "%D%/sub/../m.onnx")));
    c.add(
        c(
            "convert: output under a file",
            "--output " + UNDER_FILE + ".onnx: expected a path inside folders",
            with(convert, "-o", UNDER_FILE + ".onnx")));
    c.add(
        c(
            "convert: report is a folder",
            "--report %D%/sub: expected a file to write, found a folder",
            with(convert, "-o", "%D%/x.onnx", "--report", "%D%/sub")));
    c.add(
        c(
            "convert: report under a file",
            "--report " + UNDER_FILE + ".csv: expected a path inside folders",
            with(convert, "-o", "%D%/x.onnx", "--report", UNDER_FILE + ".csv")));
    c.add(
        c(
            "convert: report is the output",
            "--report %D%/x.onnx: expected a file other than --output",
            with(convert, "-o", "%D%/x.onnx", "--report", "%D%/x.onnx")));
    c.add(
        c(
            "convert: report is the input",
            "--report %M%: expected a file other than IN.onnx",
            with(convert, "-o", "%D%/x.onnx", "--report", "%M%")));
    c.add(
        c(
            "convert: threads -2",
            "--threads: expected 0 (one per core) to 1024 threads, found -2",
            with(convert, "-o", "%D%/x.onnx", "--threads", "-2")));
    c.add(
        c(
            "convert: relu-k 0",
            "--relu-k: expected a number of time steps K in 1..30, found 0",
            with(convert, "-o", "%D%/x.onnx", "--relu-k", "0")));
    c.add(
        c(
            "convert: relu-k 99",
            "--relu-k: expected a number of time steps K in 1..30, found 99",
            with(convert, "-o", "%D%/x.onnx", "--relu-k", "99")));
    c.add(
        c(
            "convert: percentile 100",
            "--percentile: expected a percentile 0 < P < 100, found 100.0",
            with(
                convert,
                "-o",
                "%D%/x.onnx",
                "--percentile",
                "100",
                "--calibrate",
                "fashion-mnist:train:10")));
    c.add(
        c(
            "convert: percentile NaN",
            "--percentile: expected a percentile 0 < P < 100, found NaN",
            with(
                convert,
                "-o",
                "%D%/x.onnx",
                "--percentile",
                "NaN",
                "--calibrate",
                "fashion-mnist:train:10")));
    c.add(
        c(
            "convert: percentile without calibration",
            "--percentile 50.0: expected with --calibrate DATASET",
            with(convert, "-o", "%D%/x.onnx", "--percentile", "50")));
    c.add(
        c(
            "convert: unknown provider",
            "--provider: expected cpu, cuda or auto, found 'gpu'",
            with(convert, "-o", "%D%/x.onnx", "--provider", "gpu")));
    c.add(
        c(
            "convert: unknown layout",
            "--fs-layout: expected blocked or plain, found 'abc'",
            with(convert, "-o", "%D%/x.onnx", "--fs-layout", "abc")));
    c.add(
        c(
            "convert: unknown body",
            "--body: expected auto, native, table or dynamics, found ''",
            with(convert, "-o", "%D%/x.onnx", "--body", "")));
    c.add(
        c(
            "convert: unknown kind",
            "--map Foo=relu: unknown activation kind 'Foo'",
            with(convert, "-o", "%D%/x.onnx", "--map", "Foo=relu")));
    c.add(
        c(
            "convert: bad include pattern",
            "--include: invalid regular expression '('",
            with(convert, "-o", "%D%/x.onnx", "--include", "(")));
    // ---- eval (all refused before the model or the data are read)
    String[] eval = {"eval", "--model", "%M%", "--dataset", "fashion-mnist:test", "--limit", "10"};
    c.add(
        c(
            "eval: threads 100000",
            "--threads: expected 0 (one per core) to 1024 threads, found 100000",
            with(eval, "--threads", "100000")));
    c.add(
        c(
            "eval: batch 0",
            "--batch: expected a batch size from 1 to 65536, found 0",
            with(eval, "--batch", "0")));
    c.add(
        c(
            "eval: batch 10^9",
            "--batch: expected a batch size from 1 to 65536, found 1000000000",
            with(eval, "--batch", "1000000000")));
    c.add(
        c(
            "eval: limit -1",
            "--limit: expected a whole number >= 0, found -1",
            "eval",
            "--model",
            "%M%",
            "--dataset",
            "fashion-mnist:test",
            "--limit",
            "-1"));
    c.add(
        c(
            "eval: resolution -1",
            "--resolution: expected a whole number >= 0, found -1",
            with(eval, "--resolution", "-1")));
    c.add(
        c(
            "eval: unknown input layout",
            "--layout: expected nchw or nhwc, found 'nchwc'",
            with(eval, "--layout", "nchwc")));
    c.add(
        c(
            "eval: layers csv is a folder",
            "--layers-csv %D%/sub: expected a file to write, found a folder",
            with(eval, "--fs", "--layers-csv", "%D%/sub")));
    c.add(
        c(
            "eval: layers csv under a file",
            "--layers-csv " + UNDER_FILE + ".csv: expected a path inside folders",
            with(eval, "--fs", "--layers-csv", UNDER_FILE + ".csv")));
    c.add(
        c(
            "eval: layers csv is the model",
            "--layers-csv %M%: expected a file other than --model",
            with(eval, "--fs", "--layers-csv", "%M%")));
    c.add(
        c(
            "eval: save-fs is the model",
            "--save-fs %M%: expected a file other than --model %M%",
            with(eval, "--fs", "--save-fs", "%M%")));
    c.add(
        c(
            "eval: save-fs is a folder",
            "--save-fs %D%/sub: expected a file to write, found a folder",
            with(eval, "--fs", "--save-fs", "%D%/sub")));
    c.add(
        c(
            "eval: save-fs is the layers csv",
            "--save-fs %D%/a: expected a file other than --layers-csv %D%/a",
            with(eval, "--fs", "--save-fs", "%D%/a", "--layers-csv", "%D%/a")));
    c.add(
        c(
            "eval: per-class csv is the layers csv",
            "--per-class-csv %D%/a.csv: expected a file other than --layers-csv %D%/a.csv, found the"
                + " same file (it would be overwritten)",
            with(eval, "--fs", "--layers-csv", "%D%/a.csv", "--per-class-csv", "%D%/a.csv")));
    c.add(
        c(
            "eval: per-class plot is the layers plot",
            "--per-class-plot %D%/a.png: expected a file other than --layers-plot %D%/a.png",
            with(eval, "--fs", "--layers-plot", "%D%/a.png", "--per-class-plot", "%D%/a.png")));
    c.add(
        c(
            "eval: save-fs is the per-class csv",
            "--save-fs %D%/a: expected a file other than --per-class-csv %D%/a",
            with(eval, "--fs", "--save-fs", "%D%/a", "--per-class-csv", "%D%/a")));
    c.add(
        c(
            "eval: layers csv without --fs",
            "--layers-csv: applies to the FS network only; expected --fs",
            with(eval, "--layers-csv", "%D%/l.csv")));
    c.add(
        c(
            "eval: relu-k without --fs",
            "--relu-k: applies to the FS network only",
            with(eval, "--relu-k", "8")));
    c.add(
        c(
            "eval: relu-k 99",
            "--relu-k: expected a number of time steps K in 1..30, found 99",
            with(eval, "--fs", "--relu-k", "99")));
    c.add(
        c(
            "eval: percentile 0",
            "--percentile: expected a percentile 0 < P < 100, found 0.0",
            with(eval, "--fs", "--calibrate", "fashion-mnist:train:10", "--percentile", "0")));
    // ---- sweep (all refused before the model is read)
    String[] sweep = {
      "sweep",
      "--model",
      "%M%",
      "--dataset",
      "fashion-mnist:test:20",
      "--calibrate",
      "fashion-mnist:train:20"
    };
    c.add(
        c(
            "sweep: relu-k 0",
            "--relu-k: expected a number of time steps K in 1..30, found 0",
            with(sweep, "--relu-k", "0", "-o", "%D%/s.csv")));
    c.add(
        c(
            "sweep: relu-k 99",
            "--relu-k: expected a number of time steps K in 1..30, found 99",
            with(sweep, "--relu-k", "6,99", "-o", "%D%/s.csv")));
    c.add(
        c(
            "sweep: statistic 100",
            "--statistic: expected a percentile 0 < P < 100, found 100.0",
            with(sweep, "--statistic", "max,100", "-o", "%D%/s.csv")));
    c.add(
        c(
            "sweep: statistic not a number",
            "--statistic: expected a percentile 0 < P < 100 or 'max', found 'abc'",
            with(sweep, "--statistic", "abc", "-o", "%D%/s.csv")));
    c.add(
        c(
            "sweep: output is a folder",
            "--output %D%/sub: expected a file to write, found a folder",
            with(sweep, "-o", "%D%/sub")));
    c.add(
        c(
            "sweep: output is the model",
            "--output %M%: expected a file other than --model",
            with(sweep, "-o", "%M%")));
    c.add(
        c(
            "sweep: plot is the output",
            "--plot %D%/s.csv: expected a file other than --output",
            with(sweep, "-o", "%D%/s.csv", "--plot", "%D%/s.csv")));
    c.add(
        c(
            "sweep: plot under a file",
            "--plot " + UNDER_FILE + ".png: expected a path inside folders",
            with(sweep, "-o", "%D%/s.csv", "--plot", UNDER_FILE + ".png")));
    c.add(
        c(
            "sweep: batch 0",
            "--batch: expected a batch size from 1 to 65536, found 0",
            with(sweep, "-o", "%D%/s.csv", "--batch", "0")));
    c.add(
        c(
            "sweep: threads -2",
            "--threads: expected 0 (one per core) to 1024 threads, found -2",
            with(sweep, "-o", "%D%/s.csv", "--threads", "-2")));
    // ---- bench (--csv into the folder, so a case that got through would show up as a written
    // file)
    c.add(
        c(
            "bench: layer of 10^14 elements",
            "--layer 100000,1000,1000,1000: expected at most 2^31 - 9 elements "
                + "(a Java array), found 1.00e+14; its tensors would need about 6400000.0 GB of memory",
            "bench",
            "--layer",
            "100000,1000,1000,1000",
            "--csv",
            "%D%/b.csv"));
    c.add(
        c(
            "bench: layer with a zero",
            "--layer '0,1': expected positive integers",
            "bench",
            "--layer",
            "0,1",
            "--csv",
            "%D%/b.csv"));
    c.add(
        c(
            "bench: layer of 9 dimensions",
            "--layer '1,1,1,1,1,1,1,1,1': expected at most 8 dimensions, found 9",
            "bench",
            "--layer",
            "1,1,1,1,1,1,1,1,1",
            "--csv",
            "%D%/b.csv"));
    c.add(
        c(
            "bench: body with layer",
            "--body applies to --model/--arch only, not to --layer (which runs the Relu node "
                + "and every FS variant of --coeffs)",
            "bench",
            "--layer",
            "1,1",
            "--body",
            "table",
            "--csv",
            "%D%/b.csv"));
    c.add(
        c(
            "bench: coeffs with model",
            "--coeffs applies to --layer only; use --map KIND=SET for --model/--arch",
            "bench",
            "--model",
            "%M%",
            "--coeffs",
            "relu",
            "--csv",
            "%D%/b.csv"));
    c.add(
        c(
            "bench: profile runs -1",
            "--profile-runs: expected a non-negative number, found -1",
            "bench",
            "--model",
            "%M%",
            "--profile-runs",
            "-1",
            "--csv",
            "%D%/b.csv"));
    c.add(
        c(
            "bench: session config without =",
            "--session-config/--fs-config: expected KEY=VALUE, found 'spin'",
            "bench",
            "--layer",
            "1,1",
            "--session-config",
            "spin",
            "--csv",
            "%D%/b.csv"));
    c.add(
        c(
            "bench: csv is a folder",
            "--csv %D%/sub: expected a file to write, found a folder",
            "bench",
            "--layer",
            "1,1",
            "--csv",
            "%D%/sub"));
    c.add(
        c(
            "bench: csv is the model",
            "--csv %M%: expected a file other than --model",
            "bench",
            "--model",
            "%M%",
            "--csv",
            "%M%"));
    c.add(
        c(
            "bench: runs 0",
            "--runs: expected a whole number >= 1, found 0",
            "bench",
            "--layer",
            "1,1",
            "--runs",
            "0",
            "--csv",
            "%D%/b.csv"));
    c.add(
        c(
            "bench: threads -2",
            "--threads: expected 0 (one per core) to 1024 threads, found -2",
            "bench",
            "--layer",
            "1,1",
            "--threads",
            "-2",
            "--csv",
            "%D%/b.csv"));
    c.add(
        c(
            "bench: batch 100000",
            "--batch: expected a batch size from 1 to 65536, found 100000",
            "bench",
            "--model",
            "%M%",
            "--batch",
            "100000",
            "--csv",
            "%D%/b.csv"));
    c.add(
        c(
            "bench: activations beyond memory",
            "--arch resnet20-cifar --input 2000x2000x3 --batch 1000: the "
                + "activations of the ANN and its FS version",
            "bench",
            "--arch",
            "resnet20-cifar",
            "--input",
            "2000x2000x3",
            "--batch",
            "1000",
            "--csv",
            "%D%/b.csv"));
    return c.stream();
  }

  private static String[] with(String[] base, String... more) {
    String[] all = Arrays.copyOf(base, base.length + more.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return all;
  }

  private static String resolve(String s) {
    return s.replace("%M%", dir.resolve("m.onnx").toString()).replace("%D%", dir.toString());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void badFlagIsOneLineExitTwoAndWritesNothing(Corpus.Case c) {
    Corpus.assertUserError(
        new Corpus.Case(
            c.name(),
            c.args().stream().map(FlagsCorpusTest::resolve).toList(),
            List.of(dir),
            resolve(c.expectInMessage())));
  }

  @Test
  void corpusHasAtLeastFiftyCases() {
    assertTrue(cases().count() >= 50, "cases: " + cases().count());
  }

  @Test
  void evalAndSweepShareTheReluKRule() {
    String e =
        Corpus.assertUserError(
            Corpus.of(
                "eval relu-k 31",
                null,
                List.of(dir),
                "eval",
                "--model",
                resolve("%M%"),
                "--dataset",
                "fashion-mnist:test",
                "--fs",
                "--relu-k",
                "31"));
    String s =
        Corpus.assertUserError(
            Corpus.of(
                "sweep relu-k 31",
                null,
                List.of(dir),
                "sweep",
                "--model",
                resolve("%M%"),
                "--dataset",
                "fashion-mnist:test",
                "--calibrate",
                "fashion-mnist:train:10",
                "--relu-k",
                "31",
                "-o",
                resolve("%D%/s.csv")));
    assertEquals("fs: --relu-k: expected a number of time steps K in 1..30, found 31", e);
    assertEquals(e, s);
  }

  @Test
  void evalAndSweepShareThePercentileRule() {
    String e =
        Corpus.assertUserError(
            Corpus.of(
                "eval percentile 100",
                null,
                List.of(dir),
                "eval",
                "--model",
                resolve("%M%"),
                "--dataset",
                "fashion-mnist:test",
                "--fs",
                "--calibrate",
                "fashion-mnist:train:10",
                "--percentile",
                "100"));
    String s =
        Corpus.assertUserError(
            Corpus.of(
                "sweep statistic 100",
                null,
                List.of(dir),
                "sweep",
                "--model",
                resolve("%M%"),
                "--dataset",
                "fashion-mnist:test",
                "--calibrate",
                "fashion-mnist:train:10",
                "--statistic",
                "100",
                "-o",
                resolve("%D%/s.csv")));
    assertEquals("fs: --percentile: expected a percentile 0 < P < 100, found 100.0", e);
    assertEquals("fs: --statistic: expected a percentile 0 < P < 100, found 100.0", s);
  }

  @Test
  void plotWritesExactlyTheNamedFileAndPrintsIt(@TempDir Path out) throws IOException {
    Path png =
        out.resolve("new/folder/approx"); // no extension: written as named, not as approx.png
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    int code =
        FsCli.execute(
            new String[] {
              "approx",
              "--coeffs",
              "relu",
              "--uniform",
              "-1,1",
              "--points",
              "1000",
              "--plot",
              png.toString()
            },
            new PrintWriter(o, true),
            new PrintWriter(e, true));
    assertEquals(0, code, e.toString());
    List<String> lines = o.toString().lines().toList();
    assertEquals("plot: " + png, lines.get(lines.size() - 1));
    assertTrue(lines.contains("points: 1000"), o.toString());
    byte[] head = Arrays.copyOf(Files.readAllBytes(png), 4);
    assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, head);
    try (Stream<Path> s = Files.list(png.getParent())) {
      assertEquals(List.of(png), s.toList(), "only the named file");
    }
  }
}
