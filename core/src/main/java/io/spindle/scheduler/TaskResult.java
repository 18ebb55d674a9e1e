package io.spindle.scheduler;

import io.spindle.accumulator.AccumulatorV2;
import io.spindle.function.TaskKilledException;
import io.spindle.function.TaskMetrics;
import java.io.Serializable;
import java.util.List;

/**
 * The outcome of one task attempt: the value it computed (a {@link io.spindle.shuffle.MapStatus}
 * for a map task, the action's per-partition result for a result task), or the exception it died
 * of. A successful attempt also carries its accumulator updates (task-local copies), which the
 * DAG scheduler merges on the driver once per partition. Every attempt that ran carries its
 * metrics (records, bytes, spills, peak execution memory), failed ones too.
 */
public record TaskResult(Object value, Throwable failure, List<AccumulatorV2<?, ?>> accumulatorUpdates,
    TaskMetrics metrics) implements Serializable {

  public TaskResult(Object value, Throwable failure, List<AccumulatorV2<?, ?>> accumulatorUpdates) {
    this(value, failure, accumulatorUpdates, null);
  }

  public TaskResult(Object value, Throwable failure) {
    this(value, failure, List.of());
  }

  public static TaskResult success(Object value) {
    return new TaskResult(value, null, List.of());
  }

  public static TaskResult success(Object value, List<AccumulatorV2<?, ?>> accumulatorUpdates) {
    return new TaskResult(value, null, accumulatorUpdates);
  }

  /** A failed attempt's accumulator updates are dropped. */
  public static TaskResult failed(Throwable failure) {
    return new TaskResult(null, failure, List.of());
  }

  /** This result with the attempt's metrics. */
  public TaskResult withMetrics(TaskMetrics taskMetrics) {
    return new TaskResult(value, failure, accumulatorUpdates, taskMetrics);
  }

  /**
   * The driver asked to kill this attempt ({@code killReason} non-null) and it failed: it is reported
   * as killed, its own failure kept in the message. The executor already reports an attempt killed
   * once {@code KILL_TASK} reached it; this covers the attempt that failed before it did, e.g.
   * because the cancelled job's output directory was removed under it. A success stays a success.
   */
  public TaskResult killedIfFailed(String killReason) {
    if (killReason == null || succeeded() || failure instanceof TaskKilledException) {
      return this;
    }
    return failed(new TaskKilledException(killReason + " (the attempt failed before the kill reached it: "
        + failure + ")")).withMetrics(metrics);
  }

  public boolean succeeded() {
    return failure == null;
  }
}
