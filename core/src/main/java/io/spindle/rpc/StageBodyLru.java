package io.spindle.rpc;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stage bodies an executor holds, keyed by (stage, attempt), least recently used first out. The
 * executor keeps the bytes; the driver keeps a mirror without them for each executor, touched in
 * the same order (it sends STAGE_BODY = put, LAUNCH_TASK = get on one ordered connection), so it
 * knows exactly when a body must be sent again. Not thread-safe: each side uses one per connection
 * under its own lock.
 */
public final class StageBodyLru<V> {
  private final LinkedHashMap<Long, V> entries;

  public StageBodyLru(int capacity) {
    this.entries = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Long, V> eldest) {
        return size() > capacity;
      }
    };
  }

  private static long key(int stageId, int attempt) {
    return ((long) stageId << 32) | (attempt & 0xFFFFFFFFL);
  }

  public void put(int stageId, int attempt, V value) {
    entries.put(key(stageId, attempt), value);
  }

  /** The entry (now most recently used), or null. */
  public V get(int stageId, int attempt) {
    return entries.get(key(stageId, attempt));
  }

  /** Drops the entry; true if it was there. */
  public boolean remove(int stageId, int attempt) {
    return entries.remove(key(stageId, attempt)) != null;
  }

  public int size() {
    return entries.size();
  }
}
