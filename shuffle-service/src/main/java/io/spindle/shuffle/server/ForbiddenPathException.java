package io.spindle.shuffle.server;

import java.io.IOException;

/** A path would lead outside the dirs an application may use. Refused, never served. */
final class ForbiddenPathException extends IOException {
  private static final long serialVersionUID = 1L;

  ForbiddenPathException(String message) {
    super(message);
  }
}
