package io.spindle.network;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/**
 * Writes {@link OutboundFrame}s in the {@link FrameLayout}: a 12-byte prefix in front of the message,
 * without copying it. Anything else written to the channel (a frame's body: {@code ByteBuf}s,
 * {@code FileRegion}s) passes through untouched, in order.
 */
@ChannelHandler.Sharable
public final class FrameEncoder extends MessageToMessageEncoder<OutboundFrame> {
  public static final FrameEncoder INSTANCE = new FrameEncoder();

  private FrameEncoder() {
    super(OutboundFrame.class);
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, OutboundFrame frame, List<Object> out) {
    ByteBuf prefix = ctx.alloc().buffer(FrameLayout.PREFIX_BYTES);
    writePrefix(frame, prefix);
    CompositeByteBuf whole = ctx.alloc().compositeBuffer(2);
    whole.addComponents(true, prefix, frame.message()); // takes over the message's reference
    out.add(whole);
  }

  /** Writes L and B for {@code frame} (tests and raw clients build frames by hand with it). */
  public static void writePrefix(OutboundFrame frame, ByteBuf out) {
    int length = frame.message().readableBytes();
    if (length < 1) {
      throw new IllegalArgumentException("a frame needs at least its type byte");
    }
    out.writeInt(length);
    out.writeLong(frame.bodyLength());
  }

  /** The whole frame (prefix and message) as one buffer; releases the frame's message. */
  public static ByteBuf toBytes(OutboundFrame frame) {
    ByteBuf out = io.netty.buffer.Unpooled.buffer(FrameLayout.PREFIX_BYTES + frame.message().readableBytes());
    writePrefix(frame, out);
    out.writeBytes(frame.message());
    frame.message().release();
    return out;
  }
}
