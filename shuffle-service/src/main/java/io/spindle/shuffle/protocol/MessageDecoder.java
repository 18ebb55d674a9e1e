package io.spindle.shuffle.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes frames into {@link Message}s. After a FETCH_DATA header it switches to reading the
 * segments' raw bytes, copying them straight into one array per segment as they arrive (so the
 * cumulation buffer never holds a large response), and emits the message when all are in.
 *
 * <p>A frame of another protocol version is reported as {@link Message.UnsupportedVersion} (an
 * ERROR frame of any version is still decoded: its layout is frozen); decoding then stops, since
 * the rest of the stream cannot be understood.
 */
public final class MessageDecoder extends ByteToMessageDecoder {
  private final int maxFrameBytes;
  private boolean stopped;

  // State while reading the bytes that follow a FETCH_DATA header.
  private Message.FetchData pending;
  private int segment;
  private int segmentFilled;

  public MessageDecoder(int maxFrameBytes) {
    this.maxFrameBytes = maxFrameBytes;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (stopped) {
      in.skipBytes(in.readableBytes());
      return;
    }
    while (true) {
      if (pending != null) {
        if (!readBody(in)) {
          return;
        }
        out.add(pending);
        pending = null;
        continue;
      }
      if (in.readableBytes() < 4) {
        return;
      }
      int length = in.getInt(in.readerIndex());
      if (length < Protocol.HEADER_BYTES || length > maxFrameBytes) {
        throw new TooLongFrameException("Bad frame length " + length + " (limit " + maxFrameBytes
            + "): the peer does not speak the Spindle shuffle protocol");
      }
      if (in.readableBytes() < 4 + length) {
        return;
      }
      in.skipBytes(4);
      ByteBuf frame = in.readSlice(length);
      Message msg = decodeFrame(frame);
      if (msg instanceof Message.UnsupportedVersion) {
        stopped = true;
        in.skipBytes(in.readableBytes());
        out.add(msg);
        return;
      }
      if (msg instanceof Message.FetchData data && data.bodyBytes() > 0) {
        startBody(data);
        continue;
      }
      out.add(msg);
    }
  }

  private Message decodeFrame(ByteBuf frame) {
    int magic = frame.readInt();
    if (magic != Protocol.MAGIC) {
      throw new CorruptedFrameException(String.format(
          "Bad magic %08x: the peer does not speak the Spindle shuffle protocol", magic));
    }
    int version = frame.readUnsignedByte();
    MessageType type = MessageType.of(frame.readUnsignedByte());
    if (version != Protocol.VERSION && type != MessageType.ERROR) {
      return new Message.UnsupportedVersion(version, type);
    }
    if (type == null) {
      throw new CorruptedFrameException("Unknown message type in protocol version " + version);
    }
    Message msg = switch (type) {
      case HELLO -> new Message.Hello(Wire.readString(frame));
      case CHALLENGE -> new Message.Challenge(Wire.readBytes(frame));
      case AUTH -> new Message.AuthProof(Wire.readBytes(frame));
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
  }

  /** Copies available bytes into the pending segments; true once all are complete. */
  private boolean readBody(ByteBuf in) {
    byte[][] arrays = pending.data();
    while (segment < arrays.length) {
      byte[] target = arrays[segment];
      int n = Math.min(target.length - segmentFilled, in.readableBytes());
      in.readBytes(target, segmentFilled, n);
      segmentFilled += n;
      if (segmentFilled < target.length) {
        return false;
      }
      segment++;
      segmentFilled = 0;
    }
    return true;
  }
}
