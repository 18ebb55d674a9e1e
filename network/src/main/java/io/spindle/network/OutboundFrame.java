package io.spindle.network;

import io.netty.buffer.ByteBuf;

/**
 * A frame to send: the message bytes (type byte first) and the length of the body the sender
 * writes to the channel right after it (as {@code ByteBuf}s or {@code FileRegion}s, which pass
 * {@link FrameEncoder} untouched). {@link FrameEncoder} releases {@code message}.
 */
public record OutboundFrame(ByteBuf message, long bodyLength) {
  public OutboundFrame {
    if (bodyLength < 0) {
      throw new IllegalArgumentException("negative body length " + bodyLength);
    }
  }

  /** A frame without body. */
  public static OutboundFrame of(ByteBuf message) {
    return new OutboundFrame(message, 0);
  }
}
