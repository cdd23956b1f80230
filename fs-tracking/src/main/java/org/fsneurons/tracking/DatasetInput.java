package org.fsneurons.tracking;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.fsneurons.core.Sha256;

/**
 * A dataset an MLflow run used, logged as a run input ({@code runs/log-inputs}): its name (e.g.
 * {@code fashion-mnist:test}), a digest of its content, where it lives ({@code source}, a JSON
 * string whose form {@code sourceType} names: {@code local} is {@code {"uri": "/path"}}), an
 * optional profile (a JSON string, e.g. {@code {"num_rows": 10000}}) and the context it was used in
 * ({@code mlflow.data.context}: {@code test}, {@code calibration}, ...; may be null).
 */
public record DatasetInput(
    String name, String digest, String source, String sourceType, String profile, String context) {
  /** MLflow 2.17 limits: dataset name 500 characters, digest 36, source type 36. */
  public DatasetInput {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(sourceType, "sourceType");
    if (name.isBlank() || name.length() > 500) {
      throw new IllegalArgumentException(
          "dataset name: expected 1..500 characters, found " + name.length());
    }
    if (digest.isBlank() || digest.length() > 36) {
      throw new IllegalArgumentException(
          "dataset digest: expected 1..36 characters, found '" + digest + "'");
    }
    if (sourceType.isBlank() || sourceType.length() > 36) {
      throw new IllegalArgumentException(
          "dataset source type: expected 1..36 characters, found '" + sourceType + "'");
    }
  }

  /**
   * A local dataset made of {@code files} under {@code folder}: source type {@code local}, source
   * {@code {"uri": folder}}, digest the first 32 hex digits of the SHA-256 of the files' SHA-256s
   * in the given order, profile {@code {"num_rows": rows}} when {@code rows >= 0}.
   */
  public static DatasetInput local(
      String name, Path folder, List<Path> files, long rows, String context) {
    StringBuilder sums = new StringBuilder();
    for (Path f : files) {
      sums.append(fileSha256(f));
    }
    return local(name, folder, sums.toString(), rows, context);
  }

  /** A local dataset whose digest is that of {@code digested} (UTF-8). */
  private static DatasetInput local(
      String name, Path folder, String digested, long rows, String context) {
    String digest = Sha256.hex(digested.getBytes(StandardCharsets.UTF_8)).substring(0, 32);
    String source =
        MlflowApi.object().put("uri", folder.toAbsolutePath().normalize().toString()).toString();
    String profile = rows >= 0 ? MlflowApi.object().put("num_rows", rows).toString() : null;
    return new DatasetInput(name, digest, source, "local", profile, context);
  }

  /**
   * A local dataset folder: its files' contents are digested as by {@link #local} when the folder
   * holds at most {@code maxFiles} regular files (at any depth) of at most {@code maxBytes}
   * together; a larger folder (ImageNet's 50,000 JPEGs) is digested by its listing (relative path
   * and size of every file, in path order), which is cheap and still changes when a file is added,
   * removed or resized.
   */
  public static DatasetInput folder(
      String name, Path folder, long rows, String context, int maxFiles, long maxBytes) {
    List<Path> files;
    try (Stream<Path> s = Files.walk(folder)) {
      files = s.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + folder + " for its digest", e);
    }
    long bytes = 0;
    for (Path f : files) {
      bytes += f.toFile().length();
    }
    if (files.size() <= maxFiles && bytes <= maxBytes) {
      return local(name, folder, files, rows, context);
    }
    StringBuilder listing = new StringBuilder();
    for (Path f : files) {
      listing.append(folder.relativize(f)).append('\t').append(f.toFile().length()).append('\n');
    }
    return local(name, folder, listing.toString(), rows, context);
  }

  /** The SHA-256 of a file, 64 lowercase hex digits. */
  public static String fileSha256(Path file) {
    try {
      return Sha256.hex(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + " for its SHA-256", e);
    }
  }
}
