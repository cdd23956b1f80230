package org.fsneurons.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 digests as lower-case hex text, the form run records and overload ids use. */
public final class Sha256 {
  private Sha256() {}

  /** SHA-256 (64 lower-case hex digits) of {@code bytes}. */
  public static String hex(byte[] bytes) {
    MessageDigest md = digest();
    return HexFormat.of().formatHex(md.digest(bytes));
  }

  /**
   * SHA-256 (hex) of a file, read in 64 KiB blocks (models can be larger than the heap should hold
   * twice).
   */
  public static String hex(Path file) throws IOException {
    MessageDigest md = digest();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e); // every Java platform must support SHA-256
    }
  }
}
