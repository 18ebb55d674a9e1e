package io.spindle.rpc;

/**
 * Stands in for a user exception that could not be serialized: same message (prefixed with the
 * original class name), the original stack trace, and its causes converted the same way.
 */
public final class RemoteTaskException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String originalClassName;

  public RemoteTaskException(String originalClassName, String message, StackTraceElement[] stackTrace,
      RemoteTaskException cause) {
    super(originalClassName + (message == null ? "" : ": " + message), cause);
    this.originalClassName = originalClassName;
    setStackTrace(stackTrace);
  }

  public static RemoteTaskException of(Throwable t) {
    return new RemoteTaskException(t.getClass().getName(), t.getMessage(), t.getStackTrace(),
        t.getCause() == null || t.getCause() == t ? null : of(t.getCause()));
  }

  /** Class name of the exception the task threw. */
  public String originalClassName() {
    return originalClassName;
  }
}
