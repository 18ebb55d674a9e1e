package io.spindle.shuffle.server;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.spindle.network.NetworkPipeline;
import io.spindle.network.ReadThrottle;
import io.spindle.shuffle.protocol.MessageDecoder;
import io.spindle.shuffle.protocol.MessageEncoder;
import io.spindle.shuffle.protocol.Protocol;
import java.util.concurrent.TimeUnit;

/**
 * Builds each accepted connection's pipeline: idle timeout, the network layer (framing and the
 * authenticating handshake), read throttling while answers pile up (clients always read theirs),
 * the shuffle codec, the request handler.
 */
final class ShuffleChannelInitializer extends ChannelInitializer<SocketChannel> {
  private final ShuffleServerContext context;
  private final ShuffleHandshakePolicy policy;

  ShuffleChannelInitializer(ShuffleServerContext context) {
    this.context = context;
    this.policy = new ShuffleHandshakePolicy(context);
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    ChannelPipeline p = ch.pipeline();
    long idle = context.settings.idleTimeoutMillis();
    if (idle > 0) {
      // observeOutput: a slow but progressing transfer is not idle
      p.addLast("idle", new IdleStateHandler(true, 0, 0, idle, TimeUnit.MILLISECONDS));
    }
    NetworkPipeline.server(p, Protocol.MAX_REQUEST_FRAME_BYTES, Protocol.ID, policy, Protocol.HANDSHAKE_TIMEOUT_MILLIS);
    p.addLast("throttle", new ReadThrottle());
    p.addLast("decoder", new MessageDecoder());
    p.addLast("encoder", MessageEncoder.INSTANCE);
    p.addLast("handler", new ShuffleRequestHandler(context));
  }
}
