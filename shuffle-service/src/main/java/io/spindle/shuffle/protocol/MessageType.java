package io.spindle.shuffle.protocol;

/** Message type byte of a frame. Codes never change meaning across versions. */
public enum MessageType {
  HELLO(1),
  CHALLENGE(2),
  AUTH(3),
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
