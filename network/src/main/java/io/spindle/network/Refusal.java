package io.spindle.network;

/**
 * Why a server refused a connection during the handshake; the code travels in the
 * {@link ControlMessage.Refused} frame. Codes never change meaning.
 */
public enum Refusal {
  /** Another protocol name or version (or not a Spindle peer at all: bad magic). */
  VERSION_MISMATCH(1),
  /** The server knows no application with this id (never started here, or finished). */
  UNKNOWN_APPLICATION(2),
  /** The proof does not match the application's secret. */
  AUTHENTICATION_FAILED(3),
  /** A protocol message came before the handshake completed. */
  NOT_AUTHENTICATED(4),
  /** Malformed or out-of-order handshake frame, or a handshake that took too long. */
  BAD_MESSAGE(5),
  /** The server accepts only encrypted connections and the client did not ask for encryption. */
  ENCRYPTION_REQUIRED(6);

  public final int code;

  Refusal(int code) {
    this.code = code;
  }

  /** The refusal of a code; an unknown code (a newer peer's) reads as {@link #BAD_MESSAGE}. */
  public static Refusal of(int code) {
    for (Refusal r : values()) {
      if (r.code == code) {
        return r;
      }
    }
    return BAD_MESSAGE;
  }
}
