package org.fsneurons.tracking;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The lock of one spool folder ({@code .lock} in it): held while a run is uploaded or a spool entry
 * is synced, so that two {@code ./fs sync} (or a run and a sync) never upload the same entry at the
 * same time. Between processes it is an OS file lock ({@link FileChannel#lock()}); within one JVM,
 * where such locks do not exclude each other, a {@link ReentrantLock} per folder comes first.
 * Reentrant in one thread.
 */
final class SpoolLock implements AutoCloseable {
  private static final ConcurrentHashMap<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

  /** Folders this JVM already said it waits for (once is enough: a sync waits once per entry). */
  private static final Set<Path> SAID = ConcurrentHashMap.newKeySet();

  private final ReentrantLock local;
  private final FileChannel channel;
  private final FileLock fileLock;
  private boolean closed;

  private SpoolLock(ReentrantLock local, FileChannel channel, FileLock fileLock) {
    this.local = local;
    this.channel = channel;
    this.fileLock = fileLock;
  }

  /**
   * Takes the lock of {@code dir} (created if missing), waiting for the holder if needed; says on
   * {@code err} (may be null) that it waits, the first time only.
   */
  static SpoolLock acquire(Path dir, PrintWriter err) {
    Path key = dir.toAbsolutePath().normalize();
    ReentrantLock local = LOCKS.computeIfAbsent(key, k -> new ReentrantLock());
    boolean said = false;
    try {
      if (!local.tryLock()) {
        said = waiting(err, key);
        local.lockInterruptibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the lock of " + key, e);
    }
    if (local.getHoldCount() > 1) {
      return new SpoolLock(local, null, null);
    }
    FileChannel ch = null;
    try {
      Files.createDirectories(key);
      ch =
          FileChannel.open(
              key.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock fl = ch.tryLock();
      if (fl == null) {
        if (!said) {
          waiting(err, key);
        }
        fl = ch.lock();
      }
      return new SpoolLock(local, ch, fl);
    } catch (IOException | RuntimeException e) {
      closeQuietly(ch);
      local.unlock();
      if (e instanceof IOException io) {
        throw new UncheckedIOException(
            "cannot lock the spool " + key + " (" + key.resolve(".lock") + ")", io);
      }
      throw (RuntimeException) e;
    }
  }

  private static boolean waiting(PrintWriter err, Path dir) {
    if (err != null && SAID.add(dir)) {
      err.println("fs: waiting for another fs run/sync that uploads from " + dir);
      err.flush();
    }
    return true;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (fileLock != null) {
        fileLock.release();
      }
    } catch (IOException e) {
      // closing the channel releases it too
    } finally {
      closeQuietly(channel);
      local.unlock();
    }
  }

  private static void closeQuietly(FileChannel ch) {
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException e) {
        // nothing to do
      }
    }
  }
}
