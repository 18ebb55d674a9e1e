package io.spindle.function;

/**
 * An action failed. When a task failed for good, {@link #getCause()} is the user's exception as
 * the task threw it (class, message and stack trace), and the message names the task, the stage
 * and the number of attempts.
 */
public class JobFailedException extends SpindleException {
  private static final long serialVersionUID = 1L;

  public JobFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
