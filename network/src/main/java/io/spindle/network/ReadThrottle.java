package io.spindle.network;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;

/**
 * <b>Backpressure: channel writability.</b> Stops reading from a connection while its outbound
 * buffer is above the high-water mark (the channel is not writable) and reads again once it
 * drained below the low-water mark. A client that sends requests but does not read the answers
 * thus stops being read: its requests wait in its own socket instead of piling up answers in the
 * server's memory.
 *
 * <p>Install it on a server whose clients always read (the shuffle service); not on a connection
 * where both ends may write large frames at the same time (the driver RPC), where two throttled
 * ends could wait for each other forever.
 */
public final class ReadThrottle extends ChannelDuplexHandler {

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
    ctx.channel().config().setAutoRead(ctx.channel().isWritable());
    super.channelWritabilityChanged(ctx);
  }
}
