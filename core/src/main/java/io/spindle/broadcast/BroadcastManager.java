package io.spindle.broadcast;

import io.spindle.function.SpindleException;
import io.spindle.serializer.ClosureSerializer;
import io.spindle.storage.BlockIds;
import io.spindle.storage.BlockStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Broadcast variables of one process. On the driver it serializes a value once (Java
 * serialization, like Spark's default) and keeps the bytes as block {@code broadcast_<id>_piece0};
 * on an executor it resolves an id to the value the first time a task asks, deserializing it once
 * per process and keeping it as block {@code broadcast_<id>} for every later task. In local mode
 * both roles share one block store.
 */
public final class BroadcastManager {
  private final BlockStore blockStore;
  private final BroadcastSource source;
  private final AtomicLong nextId = new AtomicLong();
  private final Map<Long, Object> resolveLocks = new ConcurrentHashMap<>();
  /** Driver side: the executors' copies (set by a cluster backend; none in local mode). */
  private volatile ExecutorBroadcastCopies executorCopies = ExecutorBroadcastCopies.NONE;

  /** @param source how this process gets bytes it does not have (local mode: its own block store) */
  public BroadcastManager(BlockStore blockStore, BroadcastSource source) {
    this.blockStore = blockStore;
    this.source = source;
  }

  /** A source that reads the pieces the driver stored in {@code blockStore} (local mode). */
  public static BroadcastSource localSource(BlockStore blockStore) {
    return id -> blockStore.getBytes(BlockIds.broadcastPiece(id, 0));
  }

  // ---- driver side

  /** Driver: how {@link #unpersist} and {@link #destroy} reach executors in other processes. */
  public void setExecutorCopies(ExecutorBroadcastCopies executorCopies) {
    this.executorCopies = executorCopies;
  }

  /** Serializes {@code value} once and stores its bytes; the handle carries only the id. */
  public long newBroadcast(Object value) {
    long id = nextId.getAndIncrement();
    blockStore.putBytes(BlockIds.broadcastPiece(id, 0), serialize(value));
    return id;
  }

  /** Removes every copy of the value, and its bytes (the broadcast cannot be used again). */
  public void destroy(long id) {
    unpersist(id);
    blockStore.removeBlock(BlockIds.broadcastPiece(id, 0));
  }

  /** Drops executors' deserialized copies; the next task that reads the value fetches it again. */
  public void unpersist(long id) {
    dropLocalCopy(id); // local mode: this process's executor
    executorCopies.remove(id);
  }

  private static byte[] serialize(Object value) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    } catch (NotSerializableException e) {
      throw new SpindleException("Cannot broadcast a value of " + describe(value) + ": it refers to an object of "
          + e.getMessage() + ", which is not Serializable. Make that class Serializable or broadcast a plain copy"
          + " (e.g. a HashMap of Strings).", e);
    } catch (IOException e) {
      throw new SpindleException("Cannot broadcast a value of " + describe(value) + ": " + e, e);
    }
    return bytes.toByteArray();
  }

  private static String describe(Object value) {
    return value == null ? "null" : "class " + value.getClass().getName();
  }

  // ---- executor side

  /**
   * Drops this process's deserialized value (an executor told so by the driver); the driver's
   * serialized bytes, if this process holds them, stay.
   */
  public void dropLocalCopy(long id) {
    blockStore.removeBlock(BlockIds.broadcast(id));
  }

  /** The value of broadcast {@code id}, deserialized at most once in this process. */
  public Object value(long id) {
    String blockId = BlockIds.broadcast(id);
    Object value = blockStore.getValue(blockId);
    if (value != null) {
      return unwrap(value);
    }
    synchronized (resolveLocks.computeIfAbsent(id, k -> new Object())) {
      value = blockStore.getValue(blockId);
      if (value != null) {
        return unwrap(value);
      }
      byte[] bytes = source.fetch(id);
      if (bytes == null) {
        throw new SpindleException("Attempted to use Broadcast(" + id + ") after it was destroyed (the driver"
            + " no longer has it); create a new broadcast, or destroy it only after the last job that uses it.");
      }
      try {
        value = ClosureSerializer.deserialize(bytes, Thread.currentThread().getContextClassLoader());
      } catch (IOException | ClassNotFoundException e) {
        throw new SpindleException("Cannot deserialize broadcast " + id + ": " + e
            + ". Is the value's class on the executor's classpath (in the application jar)?", e);
      }
      blockStore.putValue(blockId, value == null ? NullValue.INSTANCE : value);
      return value;
    }
  }

  /** Stands for a broadcast null, since the block store's "absent" is null. */
  private enum NullValue { INSTANCE }

  private static Object unwrap(Object stored) {
    return stored == NullValue.INSTANCE ? null : stored;
  }
}
