package io.spindle.shuffle.spill;

import io.spindle.task.EngineTaskContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Names and cleans up spill files. A spill file lives in one of the executor's local dirs (spread
 * round-robin, like Spark's DiskBlockManager) and is deleted when its task ends, whether the task
 * succeeded or failed; consumers also delete runs as soon as they are merged.
 */
public final class SpillFiles {
  private static final AtomicLong COUNTER = new AtomicLong();

  private SpillFiles() {}

  /** A new, not yet existing file for a spill of {@code context}'s task; deleted at task end. */
  public static Path create(EngineTaskContext context, String kind) {
    Path[] dirs = context.env().localDirs();
    long n = COUNTER.incrementAndGet();
    Path dir = dirs[(int) (n % dirs.length)].resolve("spill");
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the spill dir " + dir
          + "; set spindle.local.dir to a writable directory with free space", e);
    }
    Path file = dir.resolve(kind + "-task" + context.taskAttemptId() + "-" + n + ".spill");
    context.addTaskCompletionListener(() -> delete(file));
    return file;
  }

  /** The codec spills of {@code context}'s task are compressed with ({@code spindle.shuffle.spill.compress}), or null. */
  public static io.spindle.shuffle.codec.CompressionCodec codec(EngineTaskContext context) {
    return compression(context).spillCodec();
  }

  /** The compression settings of {@code context}'s application; none outside a task. */
  public static io.spindle.shuffle.codec.ShuffleCompression compression(EngineTaskContext context) {
    return context == null ? io.spindle.shuffle.codec.ShuffleCompression.NONE
        : context.env().shuffleCompression();
  }

  public static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      org.slf4j.LoggerFactory.getLogger(SpillFiles.class).warn("Could not delete spill file {}", file, e);
    }
  }
}
