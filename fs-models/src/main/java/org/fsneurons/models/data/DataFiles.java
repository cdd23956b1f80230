package org.fsneurons.models.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.fsneurons.core.UserInputException;

/**
 * Opening data files (gzip detected by its magic bytes 1f 8b) and reading them to the end or to a
 * count.
 */
final class DataFiles {
  private static final int BUFFER = 1 << 16;

  private DataFiles() {}

  /** Opens {@code file}, decompressing on the fly when it starts with the gzip magic bytes. */
  static InputStream open(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new UserInputException(file + ": file not found");
    }
    try {
      BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), BUFFER);
      in.mark(2);
      int b0 = in.read();
      int b1 = in.read();
      in.reset();
      if (b0 == 0x1f && b1 == 0x8b) {
        try {
          return new BufferedInputStream(new GZIPInputStream(in, BUFFER), BUFFER);
        } catch (IOException e) {
          in.close();
          throw new UserInputException(
              file + ": truncated or corrupt gzip data: " + e.getMessage(), e);
        }
      }
      return in;
    } catch (NoSuchFileException e) {
      throw new UserInputException(file + ": file not found", e);
    } catch (IOException e) {
      throw new UserInputException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  /**
   * Reads up to {@code len} bytes into {@code buf[off..]}, stopping early only at the end of the
   * data (also a truncated gzip stream); returns the number read.
   */
  static int readUpTo(InputStream in, Path file, byte[] buf, int off, int len) {
    int done = 0;
    try {
      while (done < len) {
        int n = in.read(buf, off + done, len - done);
        if (n < 0) {
          break;
        }
        done += n;
      }
    } catch (EOFException e) {
      return done; // GZIPInputStream: "Unexpected end of ZLIB input stream"
    } catch (ZipException e) {
      throw new UserInputException(
          file + ": corrupt gzip data after " + done + " bytes: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UserInputException(file + ": cannot read: " + e.getMessage(), e);
    }
    return done;
  }

  /**
   * True when at least one more byte can be read (a clean end of a gzip stream counts as the end).
   */
  static boolean hasMore(InputStream in, Path file) {
    try {
      return in.read() >= 0;
    } catch (EOFException e) {
      return false;
    } catch (IOException e) {
      throw new UserInputException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException e) {
      // reading is finished; nothing to report
    }
  }
}
