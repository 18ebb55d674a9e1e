package io.spindle.function;

/**
 * A function passed to a transformation or action captures something that cannot be serialized,
 * so its tasks cannot be shipped. Raised by the action before any of its tasks runs.
 */
public class TaskNotSerializableException extends SpindleException {
  private static final long serialVersionUID = 1L;

  public TaskNotSerializableException(String message, Throwable cause) {
    super(message, cause);
  }
}
