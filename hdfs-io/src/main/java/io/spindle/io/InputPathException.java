package io.spindle.io;

import java.io.IOException;

/** An input path does not exist, or a glob matches nothing. Raised before any task runs. */
public class InputPathException extends IOException {
  private static final long serialVersionUID = 1L;

  public InputPathException(String message) {
    super(message);
  }
}
