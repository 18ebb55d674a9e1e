package io.spindle.status;

/**
 * A cached RDD as /api/v1/applications/&lt;id&gt;/storage/rdd shows it (Spark's RDDStorageInfo):
 * {@code storageLevel} in Spark's words ("Memory Deserialized 1x Replicated"), sizes in bytes.
 */
public record RddStorage(int id, String name, int numPartitions, int numCachedPartitions, String storageLevel,
    long memoryUsed, long diskUsed) {

  /** Spark's StorageLevel.description. */
  static String describe(io.spindle.function.StorageLevel level) {
    return (level.useDisk() ? "Disk " : "") + (level.useMemory() ? "Memory " : "")
        + (level.deserialized() ? "Deserialized " : "Serialized ") + "1x Replicated";
  }
}
