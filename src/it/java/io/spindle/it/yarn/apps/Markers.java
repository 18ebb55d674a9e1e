package io.spindle.it.yarn.apps;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * How these apps and their tests signal each other: through small files in HDFS. An app writes a file
 * whole (temporary name, then rename) and waits for the test's file by polling with a deadline. A plain
 * poll, since the apps run in the AM and in executors, where the tests' libraries (Awaitility) are not
 * on the class path; the sleep between polls is not a wait for the engine.
 */
final class Markers {
  private static final long POLL_MILLIS = 200;

  private Markers() {}

  /** Waits until {@code marker} exists; fails with "{@code whatIfNot} within N s" after {@code timeoutSeconds}. */
  static void await(FileSystem fs, Path marker, int timeoutSeconds, String whatIfNot) throws Exception {
    long deadline = System.currentTimeMillis() + timeoutSeconds * 1000L;
    while (!fs.exists(marker)) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException(whatIfNot + " within " + timeoutSeconds + " s (no " + marker + ")");
      }
      Thread.sleep(POLL_MILLIS);
    }
  }

  /** As {@link #await(FileSystem, Path, int, String)}, for a task: {@code marker} is a qualified path string. */
  static void await(String marker, int timeoutSeconds, String whatIfNot) throws Exception {
    Path path = new Path(marker);
    await(path.getFileSystem(new Configuration()), path, timeoutSeconds, whatIfNot);
  }

  /** Writes {@code text} to {@code file} so that a reader sees it whole or not at all. */
  static void write(FileSystem fs, Path file, String text) {
    try {
      Path tmp = file.suffix(".tmp");
      try (OutputStream out = fs.create(tmp, true)) {
        out.write(text.getBytes(StandardCharsets.UTF_8));
      }
      fs.rename(tmp, file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
