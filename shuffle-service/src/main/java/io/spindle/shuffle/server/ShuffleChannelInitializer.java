package io.spindle.shuffle.server;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.spindle.shuffle.protocol.MessageDecoder;
import io.spindle.shuffle.protocol.MessageEncoder;
import io.spindle.shuffle.protocol.Protocol;
import java.util.concurrent.TimeUnit;

/** Builds each accepted connection's pipeline: idle timeout, codec, request handler. */
final class ShuffleChannelInitializer extends ChannelInitializer<SocketChannel> {
  private final ShuffleServerContext context;

  ShuffleChannelInitializer(ShuffleServerContext context) {
    this.context = context;
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    ChannelPipeline p = ch.pipeline();
    long idle = context.settings.idleTimeoutMillis();
    if (idle > 0) {
      // observeOutput: a slow but progressing transfer is not idle
      p.addLast("idle", new IdleStateHandler(true, 0, 0, idle, TimeUnit.MILLISECONDS));
    }
    p.addLast("decoder", new MessageDecoder(Protocol.MAX_REQUEST_FRAME_BYTES));
    p.addLast("encoder", MessageEncoder.INSTANCE);
    p.addLast("handler", new ShuffleRequestHandler(context));
  }
}
