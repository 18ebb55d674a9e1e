package io.spindle.rpc;

/** The driver ↔ executor connection failed or was refused; {@link #code()} as in {@link RpcProtocol}. */
public class RpcException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int code;

  public RpcException(int code, String message) {
    super(message);
    this.code = code;
  }

  public RpcException(String message, Throwable cause) {
    super(message, cause);
    this.code = 0;
  }

  /** The protocol error code, or 0 for a local failure (connect, timeout). */
  public int code() {
    return code;
  }
}
