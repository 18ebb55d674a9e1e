package io.spindle.network;

import io.netty.channel.ChannelPipeline;

/**
 * Installs the network layer at the front of a channel pipeline: the inbound cipher (a pass-through
 * unless the handshake turns encryption on), frame decoder and encoder, then the handshake. The protocol's own codec and handlers go after it and see only authenticated
 * traffic: {@link InboundFrame}s and {@link BodyChunk}s in, {@link OutboundFrame}s (and body
 * buffers or file regions) out.
 */
public final class NetworkPipeline {
  private NetworkPipeline() {}

  /**
   * Server side; the handshake must complete within {@code handshakeTimeoutMillis}. Encrypts a
   * connection whose client asks for it; {@link HandshakePolicy#requiresEncryption} refuses the others.
   */
  public static void server(ChannelPipeline p, int maxMessageBytes, ProtocolId protocol, HandshakePolicy policy,
      long handshakeTimeoutMillis) {
    p.addLast("cipherIn", new InboundCipher());
    p.addLast("frameDecoder", new FrameDecoder(maxMessageBytes));
    p.addLast("frameEncoder", FrameEncoder.INSTANCE);
    p.addLast("handshake", new ServerHandshakeHandler(protocol, policy, handshakeTimeoutMillis));
  }

  /** Whether the handshake of {@code channel} turned encryption on. */
  public static boolean isEncrypted(io.netty.channel.Channel channel) {
    return channel.pipeline().get(OutboundCipher.class) != null;
  }

  /** Client side, not asking for encryption (the server may still require it). */
  public static ClientHandshakeHandler client(ChannelPipeline p, int maxMessageBytes, ProtocolId protocol,
      String appId, String clientId, byte[] secret) {
    return client(p, maxMessageBytes, protocol, appId, clientId, secret, false);
  }

  /**
   * Client side; returns the handshake handler, whose future tells when the server accepted.
   * {@code encrypt}: ask the server to encrypt the connection (also done when the server requires it).
   */
  public static ClientHandshakeHandler client(ChannelPipeline p, int maxMessageBytes, ProtocolId protocol,
      String appId, String clientId, byte[] secret, boolean encrypt) {
    ClientHandshakeHandler handshake = new ClientHandshakeHandler(protocol, appId, clientId, secret, encrypt);
    p.addLast("cipherIn", new InboundCipher());
    p.addLast("frameDecoder", new FrameDecoder(maxMessageBytes));
    p.addLast("frameEncoder", FrameEncoder.INSTANCE);
    p.addLast("handshake", handshake);
    return handshake;
  }
}
