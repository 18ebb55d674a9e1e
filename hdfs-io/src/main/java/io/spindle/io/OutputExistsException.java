package io.spindle.io;

import java.io.IOException;

/** The output destination already exists. Raised before any task runs. */
public class OutputExistsException extends IOException {
  private static final long serialVersionUID = 1L;

  public OutputExistsException(String message) {
    super(message);
  }
}
