package io.spindle.shuffle.protocol;

/**
 * Message type byte of a frame. Codes never change meaning across versions; 1-3 were v1's
 * handshake (HELLO, CHALLENGE, AUTH), which the network layer now does, and stay unused.
 */
public enum MessageType {
  REGISTER_EXECUTOR(4),
  FETCH(5),
  OK(6),
  ERROR(7),
  BUSY(8),
  FETCH_DATA(9);

  public final int code;

  MessageType(int code) {
    this.code = code;
  }

  public static MessageType of(int code) {
    for (MessageType t : values()) {
      if (t.code == code) {
        return t;
      }
    }
    return null;
  }
}
