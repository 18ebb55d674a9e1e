package io.spindle.function;

/**
 * A task attempt was stopped by the driver (its job was cancelled, or another attempt of the same
 * partition won), not failed by its own code. The attempt's output is not committed. Spark's
 * {@code TaskKilledException}.
 */
public class TaskKilledException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String reason;

  public TaskKilledException(String reason) {
    super("Task killed: " + reason);
    this.reason = reason;
  }

  /** Why the driver killed the attempt (e.g. "job 3 cancelled"). */
  public String reason() {
    return reason;
  }
}
