package io.spindle.shuffle.protocol;

import io.spindle.network.Refusal;

/** Why the service refused or failed a request; carried in ERROR messages. */
public enum ErrorCode {
  /** The peer speaks another protocol version. */
  VERSION_MISMATCH(1),
  /** No application with this id is known to this NodeManager (never started here, or stopped). */
  UNKNOWN_APPLICATION(2),
  /** The proof does not match the application's secret. */
  AUTHENTICATION_FAILED(3),
  /** A request came before authentication, or names another application than the one authenticated. */
  NOT_AUTHENTICATED(4),
  /** The executor has not registered with this service. */
  UNKNOWN_EXECUTOR(5),
  /** Malformed request (bad ids, bad range, empty map list...). */
  BAD_REQUEST(6),
  /** A path lies outside the application's registered or allowed dirs. */
  FORBIDDEN_PATH(7),
  /** The map output does not exist (not committed, or cleaned up). */
  NOT_FOUND(8),
  /** The service's own checksum verification found corrupt data. */
  CORRUPT(9),
  /** Anything else that went wrong inside the service. */
  INTERNAL(10);

  public final int code;

  ErrorCode(int code) {
    this.code = code;
  }

  /** The code a refused handshake stands for. */
  public static ErrorCode of(Refusal refusal) {
    return switch (refusal) {
      case VERSION_MISMATCH -> VERSION_MISMATCH;
      case UNKNOWN_APPLICATION -> UNKNOWN_APPLICATION;
      case AUTHENTICATION_FAILED -> AUTHENTICATION_FAILED;
      case NOT_AUTHENTICATED, ENCRYPTION_REQUIRED -> NOT_AUTHENTICATED;
      case BAD_MESSAGE -> BAD_REQUEST;
    };
  }

  public static ErrorCode of(int code) {
    for (ErrorCode c : values()) {
      if (c.code == code) {
        return c;
      }
    }
    return INTERNAL;
  }
}
