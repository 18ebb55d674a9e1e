package io.spindle.network;

import io.netty.channel.ChannelPipeline;

/**
 * Installs the network layer at the front of a channel pipeline: frame decoder and encoder, then
 * the handshake. The protocol's own codec and handlers go after it and see only authenticated
 * traffic: {@link InboundFrame}s and {@link BodyChunk}s in, {@link OutboundFrame}s (and body
 * buffers or file regions) out.
 */
public final class NetworkPipeline {
  private NetworkPipeline() {}

  /** Server side; the handshake must complete within {@code handshakeTimeoutMillis}. */
  public static void server(ChannelPipeline p, int maxMessageBytes, ProtocolId protocol, HandshakePolicy policy,
      long handshakeTimeoutMillis) {
    p.addLast("frameDecoder", new FrameDecoder(maxMessageBytes));
    p.addLast("frameEncoder", FrameEncoder.INSTANCE);
    p.addLast("handshake", new ServerHandshakeHandler(protocol, policy, handshakeTimeoutMillis));
  }

  /** Client side; returns the handshake handler, whose future tells when the server accepted. */
  public static ClientHandshakeHandler client(ChannelPipeline p, int maxMessageBytes, ProtocolId protocol,
      String appId, String clientId, byte[] secret) {
    ClientHandshakeHandler handshake = new ClientHandshakeHandler(protocol, appId, clientId, secret);
    p.addLast("frameDecoder", new FrameDecoder(maxMessageBytes));
    p.addLast("frameEncoder", FrameEncoder.INSTANCE);
    p.addLast("handshake", handshake);
    return handshake;
  }
}
