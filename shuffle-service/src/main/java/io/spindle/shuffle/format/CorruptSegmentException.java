package io.spindle.shuffle.format;

import java.io.IOException;

/** A shuffle segment's bytes do not match the checksum stored in its index. */
public class CorruptSegmentException extends IOException {
  private static final long serialVersionUID = 1L;

  public CorruptSegmentException(String message) {
    super(message);
  }
}
