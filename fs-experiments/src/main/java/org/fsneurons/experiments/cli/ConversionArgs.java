package org.fsneurons.experiments.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fsneurons.core.UserInputException;
import org.fsneurons.core.onnx.FsBody;
import org.fsneurons.experiments.config.Body;
import org.fsneurons.models.convert.ConversionOptions;
import org.fsneurons.models.convert.Converter;
import org.fsneurons.models.nativekernel.NativeFsKernel;
import picocli.CommandLine.Option;

/** Options shared by the commands that convert a model: mapping, layer selection, body. */
public final class ConversionArgs {
  @Option(
      names = "--map",
      paramLabel = "KIND=SET|keep",
      description =
          "Coefficient set per activation kind (Relu, Sigmoid, Swish, Tanh, Gelu, Softplus, Elu, "
              + "LeakyRelu, HardSwish, Mish): a bundled set name, a coefficient JSON file, or 'keep'. "
              + "Default: Relu=relu, Sigmoid=sigmoid, Swish=swish; other kinds are kept. Repeatable.")
  List<String> map = new ArrayList<>();

  @Option(
      names = "--include",
      paramLabel = "REGEX",
      description = "Convert only activations whose node name matches (repeatable).")
  List<String> include = new ArrayList<>();

  @Option(
      names = "--exclude",
      paramLabel = "REGEX",
      description = "Keep activations whose node name matches (repeatable).")
  List<String> exclude = new ArrayList<>();

  @Option(
      names = "--body",
      paramLabel = "auto|native|table|dynamics",
      defaultValue = "auto",
      description =
          "FS function body: dynamics (K unrolled steps) or table (exact lookup) written into the model; "
              + "native writes the dynamics body and runs the native kernel. Default auto: the native kernel on CPU "
              + "when it loads, else dynamics.")
  String body;

  /** The --body choice. */
  Body body() {
    try {
      return Body.parse(body);
    } catch (UserInputException e) {
      throw new UserInputException("--body: " + e.getMessage(), e);
    }
  }

  /** Whether --body asked for the native kernel by name. */
  boolean nativeBody() {
    return body() == Body.NATIVE;
  }

  /**
   * Warns on {@code err} when --body native asked for the native kernel and it did not run ({@code
   * ran} false); {@code verb} ("used", "using") says when the function body ran instead.
   */
  void warnIfNoNative(boolean ran, PrintWriter err, String verb) {
    if (nativeBody() && !ran) {
      err.println(
          "fs: --body native: native kernel unavailable ("
              + NativeFsKernel.unavailableReason()
              + "); "
              + verb
              + " the function body");
    }
  }

  /** The body written into the model. */
  FsBody fsBody() {
    return body().written();
  }

  /** The options of --map (on top of the defaults), --include, --exclude and --body. */
  ConversionOptions options() {
    return new ConversionOptions(
        ConversionOptions.mapping(map, "--map"),
        Converter.patterns(include, "--include"),
        Converter.patterns(exclude, "--exclude"),
        Map.of(),
        fsBody());
  }
}
