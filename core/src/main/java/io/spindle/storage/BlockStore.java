package io.spindle.storage;

import io.spindle.function.StorageLevel;
import io.spindle.memory.MemoryManager;
import io.spindle.memory.StorageEvictor;
import io.spindle.serializer.KryoSerializer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One executor's blocks: cached RDD partitions and broadcast values, in memory (accounted as
 * storage memory of the {@link MemoryManager}) and on local disk.
 *
 * <p>Memory blocks are kept in least-recently-used order. When the memory manager needs room (for
 * another block or for execution) it calls {@link #evict}: cached partitions are dropped oldest
 * first — to disk if their level has one, else for good (a later read recomputes them from
 * lineage). Like Spark, storing a partition never evicts another partition of the same RDD (that
 * would only cycle), and broadcast blocks are never evicted.
 *
 * <p>Locking: the memory map is guarded by this object's monitor, which may be held while calling
 * the memory manager (whose evictor callback re-enters it on the same thread); the manager never
 * calls back holding its own lock. A per-block lock makes concurrent tasks that need the same
 * uncached partition compute it once: the second waits and reads the stored block.
 */
public final class BlockStore implements StorageEvictor {
  private static final Logger LOG = LoggerFactory.getLogger(BlockStore.class);

  private final KryoSerializer serializer;
  private final MemoryManager memoryManager;
  private final DiskBlockStore disk;
  /** Access-ordered: iteration starts at the least recently used block. */
  private final LinkedHashMap<String, MemoryEntry> memory = new LinkedHashMap<>(64, 0.75f, true);
  private final Map<String, ReentrantLock> computeLocks = new ConcurrentHashMap<>();
  private long evictedBlocks;
  /** Told about every change of a cached partition (an executor forwards it to the driver). */
  private volatile BlockUpdateListener updates = BlockUpdateListener.NONE;

  /** What a memory block holds. */
  private enum Kind { RECORDS, BYTES, VALUE }

  /**
   * @param level the level of a cached partition; null for a broadcast block (never evicted)
   * @param accounted whether {@code size} bytes were granted by the memory manager
   */
  private record MemoryEntry(Kind kind, Object data, long size, StorageLevel level, boolean accounted) {}

  public BlockStore(KryoSerializer serializer, Path[] localDirs, MemoryManager memoryManager) {
    this(serializer, localDirs, memoryManager, null);
  }

  /** {@code diskCodec}: what block files go through ({@code spindle.io.encryption.enabled}), or null. */
  public BlockStore(KryoSerializer serializer, Path[] localDirs, MemoryManager memoryManager,
      io.spindle.shuffle.codec.CompressionCodec diskCodec) {
    this.serializer = serializer;
    this.memoryManager = memoryManager;
    this.disk = new DiskBlockStore(serializer, localDirs, diskCodec);
    memoryManager.setEvictor(this);
  }

  /** Who hears about cached partitions stored, evicted and removed from now on. */
  public void setUpdateListener(BlockUpdateListener listener) {
    this.updates = listener == null ? BlockUpdateListener.NONE : listener;
  }

  // ---------------------------------------------------------------- cached RDD partitions

  /**
   * The records of a persisted RDD's partition: from memory or disk if stored, else computed
   * (once, even if several tasks ask at the same time), stored at {@code level} and returned.
   */
  public <T> Iterator<T> getOrCompute(int rddId, int partition, StorageLevel level, Supplier<Iterator<T>> compute) {
    return getOrCompute(BlockIds.rdd(rddId, partition), level, compute);
  }

  /**
   * The records of the cached partition {@code blockId} (an {@link BlockIds#rdd} id): stored ones,
   * else {@code compute}'s (called once, even if several tasks ask at the same time), stored at
   * {@code level}. The form of the method above that names the block, which unit tests drive directly.
   */
  public <T> Iterator<T> getOrCompute(String blockId, StorageLevel level, Supplier<Iterator<T>> compute) {
    Iterator<T> stored = get(blockId);
    if (stored != null) {
      return stored;
    }
    ReentrantLock lock = computeLocks.computeIfAbsent(blockId, id -> new ReentrantLock());
    lock.lock();
    try {
      stored = get(blockId);
      if (stored != null) {
        return stored;
      }
      Iterator<T> records = put(blockId, compute.get(), level);
      reportStored(blockId, level);
      return records;
    } finally {
      lock.unlock();
    }
  }

  /** A stored block's records, or null if it is neither in memory nor on disk. */
  @SuppressWarnings("unchecked")
  public <T> Iterator<T> get(String blockId) {
    MemoryEntry entry;
    synchronized (this) {
      entry = memory.get(blockId); // also marks it recently used
    }
    if (entry != null) {
      return switch (entry.kind) {
        case RECORDS -> ((List<T>) entry.data).iterator();
        case BYTES -> BlockCodec.read(serializer, (byte[]) entry.data);
        case VALUE -> throw new IllegalArgumentException(blockId + " holds a single value, not records");
      };
    }
    return disk.getRecords(blockId);
  }

  /** Stores a computed partition at {@code level} and returns its records (stored or not). */
  private <T> Iterator<T> put(String blockId, Iterator<T> records, StorageLevel level) {
    if (!level.useMemory()) {
      disk.putRecords(blockId, records);
      return disk.getRecords(blockId);
    }
    if (!level.deserialized()) {
      byte[] bytes = BlockCodec.toBytes(serializer, records);
      if (!storeInMemory(blockId, Kind.BYTES, bytes, bytes.length, level) && level.useDisk()) {
        disk.putBytes(blockId, bytes);
      }
      return BlockCodec.read(serializer, bytes);
    }
    // Unroll into a list, checking now and then that it could still fit in memory at all.
    ArrayList<T> values = new ArrayList<>();
    long nextCheck = 1024;
    while (records.hasNext()) {
      values.add(records.next());
      if (values.size() == nextCheck) {
        nextCheck *= 2;
        if (SizeEstimator.estimateRecords(values) > memoryManager.maxMemory()) {
          return giveUpMemory(blockId, values, records, level);
        }
      }
    }
    long size = SizeEstimator.estimateRecords(values);
    if (!storeInMemory(blockId, Kind.RECORDS, values, size, level) && level.useDisk()) {
      disk.putRecords(blockId, values.iterator());
    }
    return values.iterator();
  }

  /** A partition larger than all of memory: stream it to disk, or (memory only) do not cache it. */
  private <T> Iterator<T> giveUpMemory(String blockId, List<T> unrolled, Iterator<T> rest, StorageLevel level) {
    Iterator<T> all = new ConcatIterator<>(unrolled.iterator(), rest);
    if (level.useDisk()) {
      disk.putRecords(blockId, all);
      return disk.getRecords(blockId);
    }
    LOG.info("Not caching {}: larger than storage memory ({} bytes)", blockId, memoryManager.maxMemory());
    return all;
  }

  private synchronized boolean storeInMemory(String blockId, Kind kind, Object data, long size, StorageLevel level) {
    if (memory.containsKey(blockId)) {
      return true; // stored meanwhile by this thread (same partition read twice in one task)
    }
    if (!memoryManager.acquireStorageMemory(blockId, size)) {
      LOG.debug("No storage memory for {} ({} bytes)", blockId, size);
      return false;
    }
    memory.put(blockId, new MemoryEntry(kind, data, size, level, true));
    return true;
  }

  /** Tells the listener where a just-stored partition is (nothing if it was not cached at all). */
  private void reportStored(String blockId, StorageLevel level) {
    MemoryEntry entry;
    synchronized (this) {
      entry = memory.get(blockId); // it was just stored: marking it recently used changes nothing
    }
    long memorySize = entry == null ? 0 : entry.size;
    long diskSize = disk.contains(blockId) ? disk.size(blockId) : 0;
    if (memorySize > 0 || diskSize > 0) {
      report(new BlockUpdateListener.BlockUpdate(blockId, level, memorySize, diskSize));
    }
  }

  private void reportRemoved(String blockId) {
    report(new BlockUpdateListener.BlockUpdate(blockId, StorageLevel.NONE, 0, 0));
  }

  private void report(BlockUpdateListener.BlockUpdate update) {
    try {
      updates.blockUpdated(update);
    } catch (RuntimeException e) { // a report never fails a task
      LOG.warn("Could not report {}", update, e);
    }
  }

  /** Drops every block of an RDD, from memory and disk ({@code RddNode.unpersist}). */
  public void removeRdd(int rddId) {
    String prefix = BlockIds.rddPrefix(rddId);
    java.util.Set<String> removed = new java.util.TreeSet<>();
    synchronized (this) {
      Iterator<Map.Entry<String, MemoryEntry>> it = memory.entrySet().iterator();
      while (it.hasNext()) {
        Map.Entry<String, MemoryEntry> e = it.next();
        if (e.getKey().startsWith(prefix)) {
          it.remove();
          release(e.getValue());
          removed.add(e.getKey());
        }
      }
    }
    List<String> onDisk = new ArrayList<>();
    disk.blockIds().forEach(id -> {
      if (id.startsWith(prefix)) {
        onDisk.add(id);
      }
    });
    onDisk.forEach(disk::remove);
    removed.addAll(onDisk);
    computeLocks.keySet().removeIf(id -> id.startsWith(prefix));
    removed.forEach(this::reportRemoved);
  }

  // ---------------------------------------------------------------- broadcast blocks

  /** Keeps serialized bytes (e.g. a broadcast piece): in memory if granted, else on disk. */
  public synchronized void putBytes(String blockId, byte[] bytes) {
    removeBlock(blockId);
    if (memoryManager.acquireStorageMemory(blockId, bytes.length)) {
      memory.put(blockId, new MemoryEntry(Kind.BYTES, bytes, bytes.length, null, true));
    } else {
      disk.putBytes(blockId, bytes);
    }
  }

  /** Bytes stored with {@link #putBytes}, or null. */
  public byte[] getBytes(String blockId) {
    MemoryEntry entry;
    synchronized (this) {
      entry = memory.get(blockId);
    }
    return entry != null ? (byte[]) entry.data : disk.getBytes(blockId);
  }

  /**
   * Keeps one object in memory (a deserialized broadcast value), never evicted. Its estimated
   * size is accounted as storage memory if the manager grants it; a value the manager cannot fit
   * is still kept (tasks need it in memory anyway), with a warning.
   */
  public synchronized void putValue(String blockId, Object value) {
    removeBlock(blockId);
    long size = SizeEstimator.estimate(value);
    boolean granted = memoryManager.acquireStorageMemory(blockId, size);
    if (!granted) {
      LOG.warn("{} ({} bytes estimated) does not fit in storage memory ({} bytes); keeping it unaccounted."
          + " Raise spindle.memory.fraction or the executor memory.", blockId, size, memoryManager.maxMemory());
    }
    memory.put(blockId, new MemoryEntry(Kind.VALUE, value, size, null, granted));
  }

  /** The object stored with {@link #putValue}, or null. */
  public synchronized Object getValue(String blockId) {
    MemoryEntry entry = memory.get(blockId);
    return entry == null ? null : entry.data;
  }

  /** Removes one block from memory and disk; false if there was none. */
  public boolean removeBlock(String blockId) {
    MemoryEntry entry;
    synchronized (this) {
      entry = memory.remove(blockId);
      if (entry != null) {
        release(entry);
      }
    }
    boolean removed = disk.remove(blockId) | entry != null;
    if (removed && BlockIds.isRdd(blockId)) {
      reportRemoved(blockId);
    }
    return removed;
  }

  // ---------------------------------------------------------------- eviction and lifecycle

  @Override
  public synchronized long evict(long bytes, String exceptBlockId) {
    int exceptRdd = BlockIds.rddIdOf(exceptBlockId);
    long freed = 0;
    Iterator<Map.Entry<String, MemoryEntry>> it = memory.entrySet().iterator();
    while (freed < bytes && it.hasNext()) {
      Map.Entry<String, MemoryEntry> e = it.next();
      String id = e.getKey();
      MemoryEntry entry = e.getValue();
      if (entry.level == null || id.equals(exceptBlockId)
          || (exceptRdd >= 0 && BlockIds.rddIdOf(id) == exceptRdd)) {
        continue;
      }
      if (entry.level.useDisk() && !disk.contains(id)) {
        if (entry.kind == Kind.BYTES) {
          disk.putBytes(id, (byte[]) entry.data);
        } else {
          disk.putRecords(id, ((List<?>) entry.data).iterator());
        }
      }
      it.remove(); // after the disk copy exists, so a reader finds one or the other
      release(entry);
      freed += entry.size;
      evictedBlocks++;
      long diskSize = entry.level.useDisk() && disk.contains(id) ? disk.size(id) : 0;
      report(new BlockUpdateListener.BlockUpdate(id, diskSize > 0 ? entry.level : StorageLevel.NONE, 0, diskSize));
      LOG.debug("Evicted {} ({} bytes){}", id, entry.size, entry.level.useDisk() ? " to disk" : "");
    }
    return freed;
  }

  private void release(MemoryEntry entry) {
    if (entry.accounted) {
      memoryManager.releaseStorageMemory(entry.size);
    }
  }

  /** Drops every block and deletes block files (context close / executor exit). */
  public void clear() {
    synchronized (this) {
      for (MemoryEntry entry : memory.values()) {
        release(entry);
      }
      memory.clear();
    }
    List<String> ids = new ArrayList<>();
    disk.blockIds().forEach(ids::add);
    ids.forEach(disk::remove);
    computeLocks.clear();
  }

  // ---------------------------------------------------------------- introspection (tests, UI)

  /** A cached RDD partition held here: its bytes in memory (estimated for objects) and on disk. */
  public record RddBlock(int rddId, int partition, long memoryBytes, long diskBytes) {}

  /** Every cached RDD partition this store holds now (the UI's storage page). */
  public List<RddBlock> rddBlocks() {
    Map<String, long[]> sizes = new java.util.TreeMap<>();
    synchronized (this) {
      memory.forEach((id, entry) -> {
        if (BlockIds.isRdd(id)) {
          sizes.computeIfAbsent(id, k -> new long[2])[0] = entry.size;
        }
      });
    }
    disk.blockIds().forEach(id -> {
      if (BlockIds.isRdd(id)) {
        sizes.computeIfAbsent(id, k -> new long[2])[1] = disk.size(id);
      }
    });
    List<RddBlock> out = new ArrayList<>();
    sizes.forEach((id, s) -> out.add(new RddBlock(BlockIds.rddIdOf(id), partitionOf(id), s[0], s[1])));
    return out;
  }

  private static int partitionOf(String rddBlockId) {
    return Integer.parseInt(rddBlockId.substring(rddBlockId.lastIndexOf('_') + 1));
  }

  public synchronized boolean isInMemory(String blockId) {
    return memory.containsKey(blockId);
  }

  public boolean isOnDisk(String blockId) {
    return disk.contains(blockId);
  }

  /** Blocks evicted from memory since this store was created. */
  public synchronized long evictedBlocks() {
    return evictedBlocks;
  }

  private static final class ConcatIterator<T> implements Iterator<T> {
    private final Iterator<T> first;
    private final Iterator<T> second;

    ConcatIterator(Iterator<T> first, Iterator<T> second) {
      this.first = first;
      this.second = second;
    }

    @Override
    public boolean hasNext() {
      return first.hasNext() || second.hasNext();
    }

    @Override
    public T next() {
      return first.hasNext() ? first.next() : second.next();
    }
  }
}
