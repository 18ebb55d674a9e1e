package io.spindle.shuffle.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.spindle.network.BodyChunk;
import io.spindle.network.InboundFrame;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the network layer's frames into {@link Message}s. A FETCH_DATA's body arrives as
 * {@link BodyChunk}s; they are copied straight into one array per segment as they come (so no
 * buffer ever holds a large response), and the message is emitted when all are in.
 */
public final class MessageDecoder extends MessageToMessageDecoder<Object> {
  // State while reading the body that follows a FETCH_DATA.
  private Message.FetchData pending;
  private int segment;
  private int segmentFilled;

  @Override
  public boolean acceptInboundMessage(Object msg) {
    return msg instanceof InboundFrame || msg instanceof BodyChunk;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, Object msg, List<Object> out) {
    if (msg instanceof BodyChunk chunk) {
      if (pending == null) {
        throw new CorruptedFrameException("body bytes without a FETCH_DATA");
      }
      readBody(chunk.bytes());
      if (chunk.last()) {
        if (segment < pending.data().length) {
          throw new CorruptedFrameException("FETCH_DATA body shorter than its segments");
        }
        out.add(pending);
        pending = null;
      }
      return;
    }
    InboundFrame frame = (InboundFrame) msg;
    Message m = decode(frame.message());
    long body = m instanceof Message.FetchData d ? d.bodyBytes() : 0;
    if (body != frame.bodyLength()) {
      throw new CorruptedFrameException("Frame body of " + frame.bodyLength() + " bytes, " + body + " expected");
    }
    if (body > 0) {
      startBody((Message.FetchData) m);
    } else {
      out.add(m);
    }
  }

  /** Reads one frame's message (type byte and fields). */
  public static Message decode(ByteBuf frame) {
    int code = frame.readUnsignedByte();
    MessageType type = MessageType.of(code);
    if (type == null) {
      throw new CorruptedFrameException("Unknown message type " + code + " in protocol version " + Protocol.VERSION);
    }
    Message msg = switch (type) {
      case REGISTER_EXECUTOR -> {
        long requestId = frame.readLong();
        String appId = Wire.readString(frame);
        String execId = Wire.readString(frame);
        int n = frame.readUnsignedShort();
        List<String> dirs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          dirs.add(Wire.readString(frame));
        }
        yield new Message.RegisterExecutor(requestId, appId, execId, List.copyOf(dirs));
      }
      case FETCH -> {
        long requestId = frame.readLong();
        String appId = Wire.readString(frame);
        String execId = Wire.readString(frame);
        int shuffleId = frame.readInt();
        int start = frame.readInt();
        int end = frame.readInt();
        int n = frame.readInt();
        if (n < 0 || n > frame.readableBytes() / 8) {
          throw new CorruptedFrameException("Bad map count " + n + " in FETCH");
        }
        long[] mapIds = new long[n];
        for (int i = 0; i < n; i++) {
          mapIds[i] = frame.readLong();
        }
        yield new Message.Fetch(requestId, appId, execId, shuffleId, start, end, mapIds);
      }
      case OK -> new Message.Ok(frame.readLong());
      case ERROR -> new Message.Error(frame.readLong(), ErrorCode.of(frame.readUnsignedShort()),
          Wire.readString(frame));
      case BUSY -> new Message.Busy(frame.readLong(), frame.readInt());
      case FETCH_DATA -> {
        long requestId = frame.readLong();
        int shuffleId = frame.readInt();
        int n = frame.readInt();
        if (n < 0 || n > frame.readableBytes() / SegmentInfo.BYTES) {
          throw new CorruptedFrameException("Bad segment count " + n + " in FETCH_DATA");
        }
        List<SegmentInfo> segments = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          SegmentInfo s = new SegmentInfo(frame.readLong(), frame.readInt(), frame.readLong(),
              frame.readInt());
          if (s.length() < 0 || s.length() > Protocol.MAX_SEGMENT_BYTES) {
            throw new CorruptedFrameException("Segment length " + s.length() + " out of range");
          }
          segments.add(s);
        }
        yield new Message.FetchData(requestId, shuffleId, List.copyOf(segments), new byte[n][]);
      }
    };
    if (frame.isReadable()) {
      throw new CorruptedFrameException(frame.readableBytes() + " trailing bytes in " + type);
    }
    return msg;
  }

  private void startBody(Message.FetchData data) {
    byte[][] arrays = data.data();
    for (int i = 0; i < arrays.length; i++) {
      arrays[i] = new byte[(int) data.segments().get(i).length()];
    }
    pending = data;
    segment = 0;
    segmentFilled = 0;
    skipEmptySegments();
  }

  /** Copies a chunk into the pending segments. */
  private void readBody(ByteBuf in) {
    byte[][] arrays = pending.data();
    while (in.isReadable()) {
      if (segment >= arrays.length) {
        throw new CorruptedFrameException("FETCH_DATA body longer than its segments");
      }
      byte[] target = arrays[segment];
      int n = Math.min(target.length - segmentFilled, in.readableBytes());
      in.readBytes(target, segmentFilled, n);
      segmentFilled += n;
      if (segmentFilled == target.length) {
        segment++;
        segmentFilled = 0;
        skipEmptySegments();
      }
    }
  }

  private void skipEmptySegments() {
    byte[][] arrays = pending.data();
    while (segment < arrays.length && arrays[segment].length == 0) {
      segment++;
    }
  }
}
