package io.spindle.config;

import java.util.List;

/**
 * Every configuration key Spindle reads, with its default and one line of doc. Names follow
 * Spark's where Spark has one. Precedence: built-in default &lt; conf/spindle-defaults.conf &lt;
 * --properties-file &lt; --conf &lt; code.
 */
public final class SpindleConfigs {
  private SpindleConfigs() {}

  public static final ConfigEntry<String> MASTER = ConfigEntry.string("spindle.master", "local[*]",
      "Where to run: local, local[N], local[*] (N task threads in this JVM) or yarn.");

  public static final ConfigEntry<String> APP_NAME = ConfigEntry.string("spindle.app.name", "spindle",
      "Name of the application, shown in logs and on YARN.");

  public static final ConfigEntry<Integer> TASK_MAX_FAILURES = ConfigEntry.positiveInt(
      "spindle.task.maxFailures", 4,
      "Attempts of one task before its job fails (1 means no retry).");

  public static final ConfigEntry<Integer> DEFAULT_PARALLELISM = ConfigEntry.positiveInt(
      "spindle.default.parallelism", null,
      "Partitions of a shuffle when none is given; unset means the largest partition count of its parents.");

  public static final ConfigEntry<String> LOCAL_DIR = ConfigEntry.string("spindle.local.dir", null,
      "Scratch dir for shuffle files in local mode (the first of a comma-separated list); default java.io.tmpdir.");

  public static final ConfigEntry<Long> FILES_MAX_PARTITION_BYTES = ConfigEntry.bytes(
      "spindle.files.maxPartitionBytes", "128m",
      "Largest input split textFile makes, in bytes.");

  public static final ConfigEntry<Double> MEMORY_FRACTION = ConfigEntry.fraction("spindle.memory.fraction", 0.6,
      "Share of (heap - reserved) that execution and storage memory share.");

  public static final ConfigEntry<Double> MEMORY_STORAGE_FRACTION = ConfigEntry.fraction(
      "spindle.memory.storageFraction", 0.5,
      "Share of the unified region where cached blocks are safe from eviction by execution.");

  public static final ConfigEntry<Long> MEMORY_RESERVED = ConfigEntry.bytes("spindle.memory.reserved", "300m",
      "Heap left out of the unified region for the system (at most a quarter of the heap).");

  public static final ConfigEntry<Long> MEMORY_TESTING_MAX_BYTES = ConfigEntry.bytes(
      "spindle.memory.testing.maxBytes", null,
      "Tests only: size of the unified execution + storage region in bytes, replacing the heap-based size.");

  public static final ConfigEntry<Long> SHUFFLE_SPILL_INITIAL_MEMORY = ConfigEntry.bytes(
      "spindle.shuffle.spill.initialMemory", "4m",
      "Execution memory a spillable buffer or map asks for first; it asks for more, in chunks, as it grows.");

  public static final ConfigEntry<Integer> SHUFFLE_SPILL_FORCE_THRESHOLD = ConfigEntry.positiveInt(
      "spindle.shuffle.spill.numElementsForceSpillThreshold", Integer.MAX_VALUE,
      "Records a spillable buffer or map holds before it spills regardless of memory (for tests).");

  public static final ConfigEntry<Integer> SHUFFLE_SPILL_MERGE_FACTOR = ConfigEntry.positiveInt(
      "spindle.shuffle.spill.mergeFactor", 64,
      "Most spill files merged at once; more runs are first merged into fewer, larger ones.");

  public static final List<ConfigEntry<?>> ALL = List.of(MASTER, APP_NAME, TASK_MAX_FAILURES,
      DEFAULT_PARALLELISM, LOCAL_DIR, FILES_MAX_PARTITION_BYTES, MEMORY_FRACTION, MEMORY_STORAGE_FRACTION,
      MEMORY_RESERVED, MEMORY_TESTING_MAX_BYTES, SHUFFLE_SPILL_INITIAL_MEMORY, SHUFFLE_SPILL_FORCE_THRESHOLD,
      SHUFFLE_SPILL_MERGE_FACTOR);
}
