package io.spindle.network;

import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCounted;

/**
 * Part of a frame's body, as it arrived: the bodies of one frame come in order right after its
 * {@link InboundFrame}, the last one flagged. Streaming the body keeps a large answer (shuffle
 * segments) out of the decoder's cumulation buffer. Reference-counted like {@link InboundFrame}.
 */
public record BodyChunk(ByteBuf bytes, boolean last) implements ReferenceCounted {

  @Override
  public int refCnt() {
    return bytes.refCnt();
  }

  @Override
  public BodyChunk retain() {
    bytes.retain();
    return this;
  }

  @Override
  public BodyChunk retain(int increment) {
    bytes.retain(increment);
    return this;
  }

  @Override
  public BodyChunk touch() {
    bytes.touch();
    return this;
  }

  @Override
  public BodyChunk touch(Object hint) {
    bytes.touch(hint);
    return this;
  }

  @Override
  public boolean release() {
    return bytes.release();
  }

  @Override
  public boolean release(int decrement) {
    return bytes.release(decrement);
  }
}
