package io.spindle.shuffle.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.CorruptedFrameException;
import java.nio.charset.StandardCharsets;

/** Primitive encodings shared by the encoder and the decoder. */
final class Wire {
  private Wire() {}

  static final int MAX_STRING_BYTES = 0xFFFF;

  static void writeString(ByteBuf out, String s) {
    writeBytes(out, s.getBytes(StandardCharsets.UTF_8));
  }

  static String readString(ByteBuf in) {
    return new String(readBytes(in), StandardCharsets.UTF_8);
  }

  static void writeBytes(ByteBuf out, byte[] bytes) {
    if (bytes.length > MAX_STRING_BYTES) {
      throw new IllegalArgumentException("field too long for the wire: " + bytes.length + " bytes");
    }
    out.writeShort(bytes.length);
    out.writeBytes(bytes);
  }

  static byte[] readBytes(ByteBuf in) {
    int len = in.readUnsignedShort();
    if (len > in.readableBytes()) {
      throw new CorruptedFrameException("field of " + len + " bytes overruns its frame");
    }
    byte[] bytes = new byte[len];
    in.readBytes(bytes);
    return bytes;
  }
}
