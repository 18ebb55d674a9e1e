package io.spindle.cluster;

/**
 * The executor running a task went away (process exit, crash, lost connection or heartbeats). It
 * counts against the task's attempts unless the cluster manager said the loss was not the
 * application's doing (preemption, a lost node: Spark's {@code ExecutorLostFailure(exitCausedByApp = false)}).
 */
public final class ExecutorLostException extends RuntimeException implements io.spindle.scheduler.CountableFailure {
  private static final long serialVersionUID = 1L;
  private final boolean causedByApp;

  public ExecutorLostException(String message) {
    this(message, true);
  }

  public ExecutorLostException(String message, boolean causedByApp) {
    super(message);
    this.causedByApp = causedByApp;
  }

  @Override
  public boolean countsTowardsTaskFailures() {
    return causedByApp;
  }
}
