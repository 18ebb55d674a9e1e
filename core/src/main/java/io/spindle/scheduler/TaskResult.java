package io.spindle.scheduler;

import java.io.Serializable;

/**
 * The outcome of one task attempt: the value it computed (a {@link io.spindle.shuffle.MapStatus}
 * for a map task, the action's per-partition result for a result task), or the exception it died
 * of.
 */
public record TaskResult(Object value, Throwable failure) implements Serializable {

  public static TaskResult success(Object value) {
    return new TaskResult(value, null);
  }

  public static TaskResult failed(Throwable failure) {
    return new TaskResult(null, failure);
  }

  public boolean succeeded() {
    return failure == null;
  }
}
