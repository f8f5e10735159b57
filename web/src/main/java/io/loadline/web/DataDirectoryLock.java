package io.loadline.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One process at a time per data directory: the server holds an exclusive lock on {@value
 * #FILE_NAME} in it while it runs, and so does {@code admin reset-password} while it writes. Two
 * servers on one database would mark each other's runs INTERRUPTED at start-up, and a password
 * reset behind a running server's back would go unseen by its cached state; both now get a clear
 * refusal instead. The lock is the operating system's, so a killed process releases it. The file
 * holds the process id of its holder, for the message. Not thread-safe; one holder closes it.
 */
public final class DataDirectoryLock implements AutoCloseable {

  /** The lock file's name in the data directory. */
  public static final String FILE_NAME = "loadline.lock";

  private final FileChannel channel;
  private final FileLock lock;

  private DataDirectoryLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the data directory's lock.
   *
   * @param what who takes it, for the message of a refusal, such as {@code "serve"}
   * @throws IllegalStateException when another process (or another server in this one) holds it,
   *     naming its process id when the file says
   */
  public static DataDirectoryLock acquire(Path dataDirectory, String what) {
    Path file = dataDirectory.resolve(FILE_NAME);
    FileChannel channel = null;
    try {
      channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock = tryLock(channel);
      if (lock == null) {
        String holder = holder(file);
        channel.close();
        throw new IllegalStateException(
            "Another Loadline process"
                + holder
                + " is using the data directory "
                + dataDirectory.toAbsolutePath()
                + "; "
                + what
                + " needs it alone. Stop that process first, or use another --data-dir.");
      }
      channel.truncate(0);
      channel.write(
          ByteBuffer.wrap(
              (ProcessHandle.current().pid() + System.lineSeparator())
                  .getBytes(StandardCharsets.US_ASCII)),
          0);
      return new DataDirectoryLock(channel, lock);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new UncheckedIOException("Could not lock " + file, e);
    }
  }

  /** Releases the lock; the file stays, and the next holder writes its own process id. */
  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException e) {
      // Closing the channel below releases it too.
    } finally {
      closeQuietly(channel);
    }
  }

  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException heldInThisProcess) {
      return null;
    }
  }

  private static String holder(Path file) {
    try {
      String pid = Files.readString(file, StandardCharsets.US_ASCII).strip();
      return pid.matches("\\d{1,19}") ? " (process " + pid + ")" : "";
    } catch (IOException unreadable) {
      return "";
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // Nothing more to release.
      }
    }
  }
}
