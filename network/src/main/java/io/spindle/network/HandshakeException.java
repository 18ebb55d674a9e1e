package io.spindle.network;

import java.io.IOException;

/** The server refused this client's handshake; {@link #refusal()} says why, the message is the server's. */
public final class HandshakeException extends IOException {
  private static final long serialVersionUID = 1L;
  private final Refusal refusal;

  public HandshakeException(Refusal refusal, String message) {
    super(message);
    this.refusal = refusal;
  }

  public Refusal refusal() {
    return refusal;
  }
}
