package io.spindle.shuffle.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Encodes {@link Message}s as frames (see {@link Protocol}). Anything else written to the channel
 * (the FileRegions that carry segment bytes after a FETCH_DATA header) passes through untouched.
 */
@ChannelHandler.Sharable
public final class MessageEncoder extends MessageToByteEncoder<Message> {
  public static final MessageEncoder INSTANCE = new MessageEncoder();

  private MessageEncoder() {
    super(Message.class);
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, Message msg, ByteBuf out) {
    encode(msg, Protocol.VERSION, out);
  }

  /** Encodes with an explicit version byte (tests use it to speak a foreign version). */
  public static void encode(Message msg, int version, ByteBuf out) {
    int start = out.writerIndex();
    out.writeInt(0); // length, patched below
    out.writeInt(Protocol.MAGIC);
    out.writeByte(version);
    out.writeByte(msg.type().code);
    if (msg instanceof Message.Hello m) {
      Wire.writeString(out, m.appId());
    } else if (msg instanceof Message.Challenge m) {
      Wire.writeBytes(out, m.nonce());
    } else if (msg instanceof Message.AuthProof m) {
      Wire.writeBytes(out, m.proof());
    } else if (msg instanceof Message.RegisterExecutor m) {
      out.writeLong(m.requestId());
      Wire.writeString(out, m.appId());
      Wire.writeString(out, m.execId());
      out.writeShort(m.localDirs().size());
      for (String dir : m.localDirs()) {
        Wire.writeString(out, dir);
      }
    } else if (msg instanceof Message.Fetch m) {
      out.writeLong(m.requestId());
      Wire.writeString(out, m.appId());
      Wire.writeString(out, m.execId());
      out.writeInt(m.shuffleId());
      out.writeInt(m.startReduce());
      out.writeInt(m.endReduce());
      out.writeInt(m.mapIds().length);
      for (long mapId : m.mapIds()) {
        out.writeLong(mapId);
      }
    } else if (msg instanceof Message.Ok m) {
      out.writeLong(m.requestId());
    } else if (msg instanceof Message.Error m) {
      out.writeLong(m.requestId());
      out.writeShort(m.code().code);
      Wire.writeString(out, truncate(m.message()));
    } else if (msg instanceof Message.Busy m) {
      out.writeLong(m.requestId());
      out.writeInt(m.retryAfterMs());
    } else if (msg instanceof Message.FetchData m) {
      out.writeLong(m.requestId());
      out.writeInt(m.shuffleId());
      out.writeInt(m.segments().size());
      for (SegmentInfo s : m.segments()) {
        out.writeLong(s.mapId());
        out.writeInt(s.reduceId());
        out.writeLong(s.length());
        out.writeInt(s.crc32c());
      }
    } else {
      throw new IllegalArgumentException(msg.getClass().getSimpleName() + " is not a wire message");
    }
    out.setInt(start, out.writerIndex() - start - 4);
  }

  private static String truncate(String message) {
    String m = message == null ? "" : message;
    return m.length() > 4000 ? m.substring(0, 4000) + "..." : m;
  }
}
