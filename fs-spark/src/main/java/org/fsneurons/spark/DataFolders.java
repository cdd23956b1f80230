package org.fsneurons.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.fsneurons.core.UserInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dataset folders that every executor can read: a plain path (local or NFS) is used as it is; a
 * Hadoop-compatible URI ({@code file://}, {@code hdfs://}, {@code s3a://} with the connector on the
 * cluster) is copied once per JVM, through Hadoop's {@link FileSystem}, to a local folder, which
 * the dataset readers then open.
 */
public final class DataFolders {
  private static final Logger LOG = LoggerFactory.getLogger(DataFolders.class);
  private static final Map<String, Path> COPIES = new ConcurrentHashMap<>();

  private DataFolders() {}

  /** Whether a folder variable's value names a Hadoop file system URI rather than a path. */
  public static boolean isUri(String value) {
    return value != null && value.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*");
  }

  /** A local folder with the contents of {@code value}: the value itself when it is a path. */
  public static String local(String value) {
    if (!isUri(value)) {
      return value;
    }
    return COPIES.computeIfAbsent(value, DataFolders::copy).toString();
  }

  private static Path copy(String uri) {
    try {
      URI u = URI.create(uri);
      FileSystem fs = FileSystem.get(u, new Configuration());
      org.apache.hadoop.fs.Path src = new org.apache.hadoop.fs.Path(u);
      if (!fs.getFileStatus(src).isDirectory()) {
        throw new UserInputException(uri + ": expected a folder of dataset files, found a file");
      }
      Path dst = Files.createTempDirectory("fs-data-");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dst)));
      long t0 = System.nanoTime();
      long bytes = copyTree(fs, src, dst);
      LOG.info(
          "copied {} ({} MB) to {} in {} ms",
          uri,
          bytes >> 20,
          dst,
          (System.nanoTime() - t0) / 1_000_000);
      return dst;
    } catch (IOException e) {
      throw new UserInputException(
          uri + ": cannot read through Hadoop's file system (" + e.getMessage() + ")");
    } catch (IllegalArgumentException e) {
      throw new UserInputException(uri + ": not a valid URI (" + e.getMessage() + ")");
    }
  }

  private static void deleteTree(Path dir) {
    try (var walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort at exit
    }
  }

  private static long copyTree(FileSystem fs, org.apache.hadoop.fs.Path src, Path dst)
      throws IOException {
    long bytes = 0;
    Files.createDirectories(dst);
    for (FileStatus st : fs.listStatus(src)) {
      Path to = dst.resolve(st.getPath().getName());
      if (st.isDirectory()) {
        bytes += copyTree(fs, st.getPath(), to);
      } else {
        try (var in = fs.open(st.getPath())) {
          bytes += Files.copy(in, to);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot copy " + st.getPath(), e);
        }
      }
    }
    return bytes;
  }
}
