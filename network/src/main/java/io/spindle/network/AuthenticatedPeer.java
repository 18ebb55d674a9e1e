package io.spindle.network;

/**
 * The user event a server's pipeline sees once {@link ServerHandshakeHandler} accepted the
 * client: protocol messages of this connection come from {@code appId}'s {@code clientId} (for
 * the RPC the executor id; the shuffle client sends none), encrypted or not. Fired before the first
 * protocol frame.
 */
public record AuthenticatedPeer(String appId, String clientId, boolean encrypted) {
  public AuthenticatedPeer(String appId, String clientId) {
    this(appId, clientId, false);
  }
}
