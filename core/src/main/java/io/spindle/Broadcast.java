package io.spindle;

import io.spindle.function.TaskContext;
import io.spindle.function.SpindleException;
import io.spindle.broadcast.BroadcastManager;
import io.spindle.env.ExecutorEnv;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import org.apache.hadoop.classification.InterfaceAudience;
import org.apache.hadoop.classification.InterfaceStability;

/**
 * A read-only value shipped to each executor once, made with {@link SpindleContext#broadcast}.
 * Capture the handle in functions and call {@link #value()} inside them: the handle serializes
 * only its id, and an executor deserializes the value once for all its tasks (not once per task,
 * as a captured plain object would be). Typical use: a lookup table for a map-side join.
 *
 * <p>{@link #unpersist()} drops executors' copies (they fetch it again if used);
 * {@link #destroy()} frees it everywhere, after which using it is an error.
 */
@InterfaceAudience.Public
@InterfaceStability.Evolving
public final class Broadcast<T> implements Serializable {
  private static final long serialVersionUID = 1L;

  private final long id;
  /** On the driver: the original value. In a task: the value once resolved. */
  private transient T value;
  private transient boolean resolved;
  /** Only on the driver (null in tasks). */
  private final transient BroadcastManager driverManager;
  private volatile boolean destroyed;
  /** "destroy at File.java:N", the user's call, for later errors (driver only). */
  private transient volatile String destroySite;

  /** Engine bridge: made by {@link SpindleContext#broadcast} for an id {@link BroadcastManager#newBroadcast} gave. */
  @InterfaceAudience.Private
  public Broadcast(long id, T value, BroadcastManager driverManager) {
    this.id = id;
    this.value = value;
    this.resolved = true;
    this.driverManager = driverManager;
  }

  public long id() {
    return id;
  }

  /** The value: the original on the driver, the executor's shared copy in a task. */
  @SuppressWarnings("unchecked")
  public T value() {
    checkNotDestroyed();
    if (!resolved) {
      TaskContext task = TaskContext.get();
      if (task == null) {
        throw new SpindleException(this + ".value() called outside a task on a copy of the handle;"
            + " call value() inside the function that runs in the task, or on the driver's handle.");
      }
      value = (T) ExecutorEnv.of(task).broadcastManager().value(id);
      resolved = true;
    }
    return value;
  }

  /** Drops the executors' copies; the value is fetched again by the next task that reads it. */
  public void unpersist() {
    checkNotDestroyed();
    driverOnly("unpersist").unpersist(id);
  }

  /** Frees the value on the driver and executors. Later use of this broadcast fails. Idempotent. */
  public void destroy() {
    if (destroyed) {
      return;
    }
    BroadcastManager manager = driverOnly("destroy");
    destroySite = "destroy at " + callerOf(Broadcast.class);
    destroyed = true;
    value = null;
    manager.destroy(id);
  }

  /** False once destroyed. */
  public boolean isValid() {
    return !destroyed;
  }

  private BroadcastManager driverOnly(String what) {
    if (driverManager == null) {
      throw new SpindleException(this + "." + what + "() can only be called on the driver");
    }
    return driverManager;
  }

  private void checkNotDestroyed() {
    if (destroyed) {
      throw new SpindleException("Attempted to use " + this + " after it was destroyed ("
          + (destroySite == null ? "destroy()" : destroySite) + "); create a new broadcast for later jobs.");
    }
  }

  /** File:line of the first stack frame outside {@code self}: where the user called it. */
  private static String callerOf(Class<?> self) {
    return StackWalker.getInstance().walk(frames -> frames
        .filter(f -> !f.getClassName().equals(self.getName()))
        .findFirst()
        .map(f -> f.getFileName() + ":" + f.getLineNumber())
        .orElse("unknown"));
  }

  private void writeObject(ObjectOutputStream out) throws IOException {
    checkNotDestroyed(); // a task must not be shipped with a dead handle
    out.defaultWriteObject();
  }

  @Override
  public String toString() {
    return "Broadcast(" + id + ")";
  }
}
