package org.fsneurons.experiments.cli;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOError;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import org.fsneurons.core.UserInputException;

/**
 * Checks of command-line settings that only commands take ({@code --threads}, output files,
 * memory); settings that experiments.yaml also takes follow {@link
 * org.fsneurons.experiments.config.Setting}. Every check runs before the expensive work and reports
 * a mistake in one line: the flag and its value, what was expected, what was found.
 */
final class Flags {
  private Flags() {}

  /**
   * Upper bound of {@code --threads}: far above any core count, below what makes thread creation
   * hang.
   */
  static final int MAX_THREADS = 1024;

  /** {@code --threads}: 0 (one per core) up to {@value #MAX_THREADS}. */
  static int threads(String flag, int n) {
    if (n < 0 || n > MAX_THREADS) {
      throw new UserInputException(
          String.format(
              Locale.ROOT,
              "%s: expected 0 (one per core) to %d threads, found %d (this machine has %d cores)",
              flag,
              MAX_THREADS,
              n,
              Runtime.getRuntime().availableProcessors()));
    }
    return n;
  }

  /** An integer count at least {@code min}. */
  static int atLeast(String flag, int value, int min) {
    if (value < min) {
      throw new UserInputException(
          flag + ": expected a whole number >= " + min + ", found " + value);
    }
    return value;
  }

  /** A finite number at least 0. */
  static double nonNegative(String flag, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new UserInputException(flag + ": expected a finite number >= 0, found " + value);
    }
    return value;
  }

  /**
   * An output file that the command will write (create or replace) later: refused now if it is
   * empty, a folder, not writable, or lies under something that is not a folder (e.g. {@code
   * /etc/hostname/x.csv}). Missing parent folders are fine (they are created when the file is
   * written). Nothing is created here.
   */
  static Path outputFile(String flag, Path file) {
    String text = file.toString();
    if (text.isBlank()) {
      throw new UserInputException(flag + ": expected a file path, found an empty value");
    }
    String at = flag + " " + text + ": expected ";
    Path abs;
    try {
      abs = file.toAbsolutePath().normalize();
    } catch (InvalidPathException | IOError e) {
      throw new UserInputException(at + "a file path, found an invalid one");
    }
    if (Files.isDirectory(abs)) {
      throw new UserInputException(at + "a file to write, found a folder; name a file inside it");
    }
    if (Files.exists(abs) && !Files.isWritable(abs)) {
      throw new UserInputException(at + "a writable file, found one that is not writable");
    }
    Path folder = abs.getParent();
    while (folder != null && !Files.exists(folder)) {
      folder = folder.getParent();
    }
    if (folder != null && !Files.isDirectory(folder)) {
      throw new UserInputException(
          at + "a path inside folders, found that " + folder + " is a file");
    }
    if (folder != null && !Files.isWritable(folder)) {
      throw new UserInputException(
          at + "a writable folder, found that " + folder + " is not writable");
    }
    return file;
  }

  /**
   * {@link #outputFile} and then {@link #distinct} against each of {@code others}, given as pairs
   * of flag and path (an input, or an output checked before); a null {@code file} is not checked.
   */
  static void output(String flag, Path file, Object... others) {
    if (file == null) {
      return;
    }
    outputFile(flag, file);
    for (int i = 0; i < others.length; i += 2) {
      distinct(flag, file, (String) others[i], (Path) others[i + 1]);
    }
  }

  /**
   * Refuses an output that is the same file as an input (writing it would destroy the input) or as
   * another output (one would overwrite the other). A null on either side passes.
   */
  static void distinct(String outFlag, Path out, String otherFlag, Path other) {
    if (out != null && other != null && same(out, other)) {
      String found = "found the same file (it would be overwritten)";
      throw new UserInputException(
          outFlag
              + " "
              + out
              + ": expected a file other than "
              + otherFlag
              + " "
              + other
              + ", "
              + found);
    }
  }

  /**
   * The path named by a value that may be a file or a name (e.g. --coeffs relu), or null when no
   * such file exists.
   */
  static Path existingFile(String value) {
    try {
      Path p = Path.of(value);
      return Files.isRegularFile(p) ? p : null;
    } catch (InvalidPathException e) {
      return null;
    }
  }

  private static boolean same(Path a, Path b) {
    try {
      Path x = a.toAbsolutePath().normalize();
      Path y = b.toAbsolutePath().normalize();
      return x.equals(y) || Files.exists(x) && Files.exists(y) && Files.isSameFile(x, y);
    } catch (IOException | InvalidPathException e) {
      return false;
    }
  }

  /**
   * Refuses work that needs more memory than the JVM may use: {@code bytes} for {@code what}, asked
   * for by {@code flag value}.
   */
  static void heap(String flag, String value, String what, double bytes) {
    long max = Runtime.getRuntime().maxMemory();
    String fix = "this JVM may use; use a smaller value or raise the limit (FS_JAVA_OPTS=-Xmx...)";
    memory(flag, value, what, bytes, max, fix);
  }

  /**
   * Refuses work whose tensors (mostly outside the Java heap, in ONNX Runtime) need more memory
   * than the machine has.
   */
  static void machine(String flag, String value, String what, double bytes) {
    long total = physicalMemory();
    if (total > 0) {
      memory(flag, value, what, bytes, total, "this machine has; use a smaller value");
    }
  }

  private static void memory(
      String flag, String value, String what, double bytes, long limit, String fix) {
    if (bytes > 0.8 * limit) {
      throw new UserInputException(
          String.format(
              "%s %s: %s would need about %s of memory, more than the %s %s",
              flag, value, what, gb(bytes), gb(limit), fix));
    }
  }

  private static long physicalMemory() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os) {
      return os.getTotalMemorySize();
    }
    return -1;
  }

  static String gb(double bytes) {
    return bytes >= 1e9
        ? String.format(Locale.ROOT, "%.1f GB", bytes / 1e9)
        : String.format(Locale.ROOT, "%.0f MB", Math.ceil(bytes / 1e6));
  }
}
