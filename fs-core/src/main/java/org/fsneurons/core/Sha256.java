package org.fsneurons.core;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 digests as lower-case hex text, the form run records and overload ids use. */
public final class Sha256 {
  private Sha256() {}

  /** SHA-256 (64 lower-case hex digits) of {@code bytes}. */
  public static String hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e); // every Java platform must support SHA-256
    }
  }
}
