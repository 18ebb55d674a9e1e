package io.spindle.shuffle;

/** A reducer needs a map output that the driver does not know of (never written, or lost). */
public class MissingMapOutputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MissingMapOutputException(String message) {
    super(message);
  }
}
