package io.spindle.function;

/** Base of the exceptions Spindle throws to user code. */
public class SpindleException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SpindleException(String message) {
    super(message);
  }

  public SpindleException(String message, Throwable cause) {
    super(message, cause);
  }
}
