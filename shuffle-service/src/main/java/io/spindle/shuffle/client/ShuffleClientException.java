package io.spindle.shuffle.client;

import io.spindle.shuffle.protocol.ErrorCode;
import java.io.IOException;

/**
 * A shuffle service call failed. {@link #errorCode()} is set when the service itself refused
 * (wrong secret, unknown application, version mismatch...); such refusals are not retried.
 */
public class ShuffleClientException extends IOException {
  private static final long serialVersionUID = 1L;
  private final ErrorCode errorCode;

  public ShuffleClientException(String message, ErrorCode errorCode, Throwable cause) {
    super(message, cause);
    this.errorCode = errorCode;
  }

  /** The service's reason, or null if the failure was local or on the network. */
  public ErrorCode errorCode() {
    return errorCode;
  }
}
