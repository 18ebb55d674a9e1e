package io.spindle.function;

/**
 * Where and how {@link Rdd#persist} keeps an RDD's computed partitions, with Spark's names.
 * Memory levels ending in {@code _SER} keep each partition as one Kryo-serialized byte array
 * (smaller, exact size, costs deserialization on read); the others keep the records as objects
 * (fast to read, size estimated by sampling). Levels with disk write a partition that does not
 * fit, or is evicted from, memory to the executor's local dirs instead of dropping it.
 */
public enum StorageLevel {
  NONE(false, false, false),
  MEMORY_ONLY(true, false, true),
  MEMORY_ONLY_SER(true, false, false),
  MEMORY_AND_DISK(true, true, true),
  MEMORY_AND_DISK_SER(true, true, false),
  DISK_ONLY(false, true, false);

  private final boolean useMemory;
  private final boolean useDisk;
  private final boolean deserialized;

  StorageLevel(boolean useMemory, boolean useDisk, boolean deserialized) {
    this.useMemory = useMemory;
    this.useDisk = useDisk;
    this.deserialized = deserialized;
  }

  public boolean useMemory() {
    return useMemory;
  }

  public boolean useDisk() {
    return useDisk;
  }

  /** True if records are kept as objects in memory, false if as serialized bytes. */
  public boolean deserialized() {
    return deserialized;
  }

  public boolean isValid() {
    return useMemory || useDisk;
  }
}
