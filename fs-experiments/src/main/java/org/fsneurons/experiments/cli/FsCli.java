package org.fsneurons.experiments.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Stream;
import org.fsneurons.core.UserInputException;
import org.fsneurons.models.nativekernel.NativeFsKernel;
import org.fsneurons.tracking.Provenance;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Entry point of {@code ./fs}. Exit codes: 0 success, 1 a check failed (e.g. {@code ./fs check}), 2
 * a user error (bad flag, file, YAML) reported in one line without a stack trace ({@code --debug}
 * prints it).
 */
@Command(
    name = "fs",
    mixinStandardHelpOptions = true,
    versionProvider = FsCli.Version.class,
    description =
        "Few-spikes (FS) neurons: convert trained networks, measure accuracy, neurons and spikes.",
    subcommands = {
      ApproxCommand.class,
      FitCommand.class,
      NeuronsCommand.class,
      ConvertCommand.class,
      EvalCommand.class,
      SweepCommand.class,
      BenchCommand.class,
      RunCommand.class,
      CheckCommand.class,
      CompareCommand.class,
      SyncCommand.class,
      MlflowCommand.class,
      CommandLine.HelpCommand.class
    })
public final class FsCli implements Runnable {
  @Option(
      names = "--debug",
      scope = CommandLine.ScopeType.INHERIT,
      description = "Print stack traces of errors.")
  boolean debug;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private Workspace workspace;

  /** The process's workspace, read when a command first needs it (a bad FS_HOME: exit 2). */
  Workspace workspace() {
    if (workspace == null) {
      workspace = Workspace.ofProcess();
    }
    return workspace;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Exit code for user errors. */
  public static final int USER_ERROR = 2;

  public static void main(String[] args) {
    String home = System.getenv("FS_HOME"); // read here, at the edge; fs-models reads the property
    if (home != null
        && !home.isBlank()
        && System.getProperty(NativeFsKernel.EXTRACT_DIR_PROPERTY) == null) {
      System.setProperty(
          NativeFsKernel.EXTRACT_DIR_PROPERTY, Path.of(home, "build", "native").toString());
    }
    System.exit(
        execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the CLI with the given streams and returns the exit code (used by tests). */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new FsCli()).setOut(out).setErr(err);
    // ./fs eval -V prints the same as ./fs -V
    cl.getSubcommands().values().forEach(c -> c.getCommandSpec().versionProvider(new Version()));
    boolean debug = Arrays.asList(args).contains("--debug");
    cl.setParameterExceptionHandler(
        (ex, a) -> {
          String help = ex.getCommandLine().getCommandSpec().qualifiedName() + " --help";
          String first = ex.getMessage().lines().findFirst().orElse("");
          ex.getCommandLine().getErr().println("fs: " + first + " (see '" + help + "')");
          return USER_ERROR;
        });
    cl.setExecutionExceptionHandler(
        (ex, c, parse) -> {
          Throwable user =
              Stream.<Throwable>iterate(ex, Objects::nonNull, Throwable::getCause)
                  .filter(UserInputException.class::isInstance)
                  .findFirst()
                  .orElseThrow(() -> ex);
          c.getErr().println("fs: " + user.getMessage());
          if (debug) {
            ex.printStackTrace(c.getErr());
          }
          return USER_ERROR;
        });
    return cl.execute(args);
  }

  /**
   * {@code -V}: the version from the jar manifest (or "dev"), the checkout's git commit ("-dirty"
   * with uncommitted changes to tracked files), ONNX Runtime's and Java's versions: what a bug
   * report needs.
   */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      Provenance p = Provenance.detect(Workspace.ofProcess().home());
      return new String[] {
        "fsneurons " + p.fsneuronsVersion(),
        "commit: " + p.gitCommit(),
        "onnxruntime: " + p.onnxRuntimeVersion(),
        "java: " + p.javaVersion()
      };
    }
  }
}
