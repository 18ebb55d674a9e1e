package io.spindle.task;

import io.spindle.config.Settings;
import io.spindle.memory.MemoryManager;
import io.spindle.serializer.KryoSerializer;
import java.nio.file.Path;

/**
 * The services of the process a task runs in that the low engine layers (spillable collections,
 * shuffle, block store) need. {@link io.spindle.env.ExecutorEnv} implements it and adds the
 * higher-level ones (block store, shuffle reader, broadcasts, commit coordinator); code above
 * those layers reaches them with {@code ExecutorEnv.of(taskContext)}.
 */
public interface TaskServices {
  Settings conf();

  KryoSerializer serializer();

  /** The process's scratch dirs (spill files, shuffle output, blocks on disk). */
  Path[] localDirs();

  MemoryManager memoryManager();

  /**
   * How this process compresses (and, with spindle.io.encryption.enabled, encrypts) shuffle and
   * spill files. One instance per process: writers and readers must agree, and the encryption key
   * is known only where the process was set up.
   */
  io.spindle.shuffle.codec.ShuffleCompression shuffleCompression();
}
