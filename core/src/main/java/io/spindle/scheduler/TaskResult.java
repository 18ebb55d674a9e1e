package io.spindle.scheduler;

import io.spindle.metrics.TaskMetrics;
import java.io.Serializable;

/**
 * The outcome of one task attempt: the value it computed (a {@link io.spindle.shuffle.MapStatus}
 * for a map task, the action's per-partition result for a result task), or the exception it died
 * of, and the attempt's metrics.
 */
public record TaskResult(Object value, Throwable failure, TaskMetrics metrics) implements Serializable {

  public TaskResult(Object value, Throwable failure) {
    this(value, failure, null);
  }

  public static TaskResult success(Object value) {
    return new TaskResult(value, null);
  }

  public static TaskResult failed(Throwable failure) {
    return new TaskResult(null, failure);
  }

  /** This result with the attempt's metrics (null when the attempt never got that far). */
  public TaskResult withMetrics(TaskMetrics taskMetrics) {
    return new TaskResult(value, failure, taskMetrics);
  }

  public boolean succeeded() {
    return failure == null;
  }
}
