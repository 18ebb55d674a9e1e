package io.spindle.shuffle.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import io.spindle.network.OutboundFrame;
import java.util.List;

/**
 * Turns {@link Message}s into the network layer's frames (see {@link Protocol}); a FETCH_DATA's
 * frame announces its segments' bytes as the body. Anything else written to the channel (the
 * FileRegions or buffers that carry those bytes after the FETCH_DATA) passes through untouched.
 */
@ChannelHandler.Sharable
public final class MessageEncoder extends MessageToMessageEncoder<Message> {
  public static final MessageEncoder INSTANCE = new MessageEncoder();

  private MessageEncoder() {
    super(Message.class);
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, Message msg, List<Object> out) {
    out.add(frame(msg, ctx.alloc()));
  }

  /** The frame of {@code msg} (tests send it by hand). */
  public static OutboundFrame frame(Message msg, ByteBufAllocator alloc) {
    ByteBuf b = alloc.buffer(64);
    encode(msg, b);
    return new OutboundFrame(b, msg instanceof Message.FetchData d ? d.bodyBytes() : 0);
  }

  /** Writes the type byte and the fields of {@code msg}. */
  public static void encode(Message msg, ByteBuf out) {
    out.writeByte(msg.type().code);
    if (msg instanceof Message.RegisterExecutor m) {
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
    }
  }

  private static String truncate(String message) {
    String m = message == null ? "" : message;
    return m.length() > 4000 ? m.substring(0, 4000) + "..." : m;
  }
}
