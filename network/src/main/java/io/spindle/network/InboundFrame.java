package io.spindle.network;

import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCounted;

/**
 * One frame as {@link FrameDecoder} read it: the message bytes (type byte first, then the fields)
 * and the length of the body that follows it as {@link BodyChunk}s. Reference-counted: whoever
 * consumes it releases it (Netty's {@code SimpleChannelInboundHandler} and message-to-message
 * decoders do).
 */
public record InboundFrame(ByteBuf message, long bodyLength) implements ReferenceCounted {

  /** The message type (0x00-0xEF the protocol's, 0xF0-0xFF the network layer's handshake). */
  public int type() {
    return message.getUnsignedByte(message.readerIndex());
  }

  /** True for the network layer's own handshake frames. */
  public boolean isControl() {
    return type() >= FrameLayout.FIRST_CONTROL_TYPE;
  }

  @Override
  public int refCnt() {
    return message.refCnt();
  }

  @Override
  public InboundFrame retain() {
    message.retain();
    return this;
  }

  @Override
  public InboundFrame retain(int increment) {
    message.retain(increment);
    return this;
  }

  @Override
  public InboundFrame touch() {
    message.touch();
    return this;
  }

  @Override
  public InboundFrame touch(Object hint) {
    message.touch(hint);
    return this;
  }

  @Override
  public boolean release() {
    return message.release();
  }

  @Override
  public boolean release(int decrement) {
    return message.release(decrement);
  }
}
