package io.spindle.network;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import java.util.List;

/**
 * Splits the byte stream into frames of the {@link FrameLayout}: emits an {@link InboundFrame} once
 * its message is complete, then its body as {@link BodyChunk}s as the bytes arrive (a body is never
 * accumulated whole). A message longer than {@code maxMessageBytes} (or a negative length, which
 * is what a peer speaking something else usually produces) fails the channel with a
 * {@link TooLongFrameException} and everything after it is discarded: the stream cannot be
 * understood any more.
 */
public final class FrameDecoder extends ByteToMessageDecoder {
  private final int maxMessageBytes;
  private long bodyRemaining; // > 0 while streaming the body of the last frame
  private boolean failed;

  public FrameDecoder(int maxMessageBytes) {
    if (maxMessageBytes < 1) {
      throw new IllegalArgumentException("maxMessageBytes " + maxMessageBytes);
    }
    this.maxMessageBytes = maxMessageBytes;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (failed) {
      in.skipBytes(in.readableBytes());
      return;
    }
    while (true) {
      if (bodyRemaining > 0) {
        int n = (int) Math.min(bodyRemaining, in.readableBytes());
        if (n == 0) {
          return;
        }
        bodyRemaining -= n;
        out.add(new BodyChunk(in.readRetainedSlice(n), bodyRemaining == 0));
        continue;
      }
      if (in.readableBytes() < FrameLayout.PREFIX_BYTES) {
        return;
      }
      int length = in.getInt(in.readerIndex());
      long body = in.getLong(in.readerIndex() + 4);
      if (length < 1 || length > maxMessageBytes || body < 0) {
        failed = true;
        in.skipBytes(in.readableBytes());
        throw length > maxMessageBytes
            ? new TooLongFrameException("Frame of " + length + " bytes, more than the limit of " + maxMessageBytes
                + ": the peer does not speak a Spindle protocol")
            : new CorruptedFrameException("Bad frame lengths (" + length + ", body " + body
                + "): the peer does not speak a Spindle protocol");
      }
      if (in.readableBytes() < FrameLayout.PREFIX_BYTES + length) {
        return;
      }
      in.skipBytes(FrameLayout.PREFIX_BYTES);
      out.add(new InboundFrame(in.readRetainedSlice(length), body));
      bodyRemaining = body;
    }
  }
}
