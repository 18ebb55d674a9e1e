package io.spindle.memory;

/** Frees storage memory on the memory manager's request (implemented by the block store). */
@FunctionalInterface
public interface StorageEvictor {
  /**
   * Drops from memory (or moves to disk, by the block's storage level) least-recently-used blocks
   * other than {@code exceptBlockId} until {@code bytes} are freed, releasing their storage memory
   * through {@link MemoryManager#releaseStorageMemory}. Called without the manager's lock held.
   *
   * @return bytes freed
   */
  long evict(long bytes, String exceptBlockId);
}
