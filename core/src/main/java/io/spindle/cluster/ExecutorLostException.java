package io.spindle.cluster;

/** The executor running a task went away (process exit, crash, lost connection or heartbeats). */
public final class ExecutorLostException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ExecutorLostException(String message) {
    super(message);
  }
}
