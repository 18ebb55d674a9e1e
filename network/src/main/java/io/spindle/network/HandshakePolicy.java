package io.spindle.network;

import java.net.SocketAddress;

/**
 * What a server decides during the handshake: the secret of each application it serves, the
 * wording of a version refusal, and what to record about refusals (counters, a WARN line).
 * Called on the connection's event-loop thread: do not block.
 */
public interface HandshakePolicy {

  /** The secret of {@code appId}, or null if this server does not serve that application. */
  byte[] secret(String appId);

  /**
   * Whether {@code appId}'s connections must be encrypted (the CHALLENGE says so; a client that
   * does not ask anyway is refused). A client may always ask for encryption, required or not.
   */
  default boolean requiresEncryption(String appId) {
    return false;
  }

  /** The text a client of another protocol version reads (default: names both versions). */
  default String versionMismatchMessage(ProtocolId server, ControlMessage.Hello hello) {
    return "This server speaks " + server + ", the client " + hello.protocol() + " v" + hello.version()
        + "; use a client and a server of the same Spindle release";
  }

  /**
   * A connection was refused; {@code hello} is null if it was refused before a HELLO. The message
   * is what the client reads; it never contains the secret.
   */
  default void refused(SocketAddress remote, ControlMessage.Hello hello, Refusal refusal, String message) {}
}
