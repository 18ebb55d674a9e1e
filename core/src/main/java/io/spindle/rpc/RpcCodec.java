package io.spindle.rpc;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.MessageToMessageCodec;
import io.spindle.network.InboundFrame;
import io.spindle.network.OutboundFrame;
import io.spindle.shuffle.MapStatus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns {@link RpcMessage}s into the network layer's frames and back. A frame's message is one
 * type byte, then the fields in order, big-endian; a string is an int length + UTF-8 bytes, a byte
 * array an int length + bytes, a list an int count + elements. The RPC uses no frame bodies.
 * Goes into the pipeline right after the network layer ({@link io.spindle.network.NetworkPipeline}).
 */
public final class RpcCodec extends MessageToMessageCodec<InboundFrame, RpcMessage> {

  @Override
  protected void encode(ChannelHandlerContext ctx, RpcMessage msg, List<Object> out) {
    ByteBuf buf = ctx.alloc().buffer(64);
    encode(msg, buf);
    out.add(OutboundFrame.of(buf));
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, InboundFrame frame, List<Object> out) {
    if (frame.bodyLength() != 0) {
      throw new CorruptedFrameException("RPC frames carry no body, this one announces " + frame.bodyLength() + " bytes");
    }
    out.add(decode(frame.message()));
  }

  /** Writes the frame body (type byte + fields) of {@code msg}. */
  public static void encode(RpcMessage msg, ByteBuf b) {
    b.writeByte(msg.type());
    if (msg instanceof RpcMessage.Error m) {
      b.writeInt(m.code());
      writeString(b, m.message());
    } else if (msg instanceof RpcMessage.RegisterExecutor m) {
      writeString(b, m.executorId());
      writeString(b, m.host());
      b.writeInt(m.cores());
      b.writeInt(m.localDirs().size());
      for (String d : m.localDirs()) {
        writeString(b, d);
      }
      writeString(b, m.shuffleHost());
      b.writeInt(m.shufflePort());
    } else if (msg instanceof RpcMessage.StatusUpdate m) {
      b.writeLong(m.taskId());
      writeBytes(b, m.result());
    } else if (msg instanceof RpcMessage.Heartbeat m) {
      writeString(b, m.executorId());
      b.writeInt(m.runningTasks());
      b.writeLong(m.finishedTasks());
      b.writeLong(m.heapUsedBytes());
    } else if (msg instanceof RpcMessage.GetMapOutputs m) {
      b.writeLong(m.requestId());
      b.writeInt(m.shuffleId());
    } else if (msg instanceof RpcMessage.Registered m) {
      b.writeInt(m.conf().size());
      for (Map.Entry<String, String> e : m.conf().entrySet()) {
        writeString(b, e.getKey());
        writeString(b, e.getValue());
      }
    } else if (msg instanceof RpcMessage.StageBody m) {
      b.writeInt(m.stageId());
      b.writeInt(m.stageAttempt());
      writeBytes(b, m.body());
    } else if (msg instanceof RpcMessage.LaunchTask m) {
      b.writeLong(m.taskId());
      b.writeInt(m.stageId());
      b.writeInt(m.stageAttempt());
      b.writeInt(m.attemptNumber());
      writeBytes(b, m.partition());
    } else if (msg instanceof RpcMessage.MapOutputs m) {
      b.writeLong(m.requestId());
      if (m.statuses() == null) {
        b.writeInt(-1);
        writeString(b, m.error());
      } else {
        b.writeInt(m.statuses().length);
        for (MapStatus s : m.statuses()) {
          b.writeInt(s.mapId());
          writeString(b, s.executorId());
          writeString(b, s.host());
          b.writeInt(s.port());
          b.writeInt(s.sizes().length);
          for (long size : s.sizes()) {
            b.writeLong(size);
          }
        }
      }
    } else if (msg instanceof RpcMessage.GetBroadcast m) {
      b.writeLong(m.requestId());
      b.writeLong(m.broadcastId());
    } else if (msg instanceof RpcMessage.BroadcastData m) {
      b.writeLong(m.requestId());
      b.writeBoolean(m.bytes() != null);
      if (m.bytes() != null) {
        writeBytes(b, m.bytes());
      }
    } else if (msg instanceof RpcMessage.RemoveBroadcast m) {
      b.writeLong(m.broadcastId());
    } else if (msg instanceof RpcMessage.RemoveRdd m) {
      b.writeInt(m.rddId());
    } else if (msg instanceof RpcMessage.UpdateCredentials m) {
      writeBytes(b, m.credentials());
    } else if (msg instanceof RpcMessage.KillTask m) {
      b.writeLong(m.taskId());
      b.writeBoolean(m.interrupt());
      writeString(b, m.reason());
    } else if (msg instanceof RpcMessage.AskCommit m) {
      b.writeLong(m.requestId());
      b.writeInt(m.stageId());
      b.writeInt(m.partition());
      b.writeLong(m.attemptId());
    } else if (msg instanceof RpcMessage.BlockUpdate m) {
      writeString(b, m.executorId());
      writeString(b, m.blockId());
      writeString(b, m.storageLevel());
      b.writeLong(m.memorySize());
      b.writeLong(m.diskSize());
    } else if (msg instanceof RpcMessage.RegisterBlockStore m) {
      writeString(b, m.executorId());
      b.writeLong(m.maxMemory());
    } else if (msg instanceof RpcMessage.CommitAnswer m) {
      b.writeLong(m.requestId());
      b.writeBoolean(m.allowed());
    } else if (msg instanceof RpcMessage.StageEnded m) {
      b.writeInt(m.stageId());
      b.writeInt(m.stageAttempt());
    } else if (msg instanceof RpcMessage.HeartbeatAck) {
      // no fields
    } else if (msg instanceof RpcMessage.Shutdown m) {
      writeString(b, m.reason());
    }
  }

  /** Reads one frame body; throws {@link RpcException} (ERR_BAD_MESSAGE) on an unknown type. */
  public static RpcMessage decode(ByteBuf b) {
    byte type = b.readByte();
    return switch (type) {
      case RpcProtocol.ERROR -> new RpcMessage.Error(b.readInt(), readString(b));
      case RpcProtocol.REGISTER_EXECUTOR -> {
        String id = readString(b);
        String host = readString(b);
        int cores = b.readInt();
        int n = b.readInt();
        List<String> dirs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          dirs.add(readString(b));
        }
        yield new RpcMessage.RegisterExecutor(id, host, cores, dirs, readString(b), b.readInt());
      }
      case RpcProtocol.STATUS_UPDATE -> new RpcMessage.StatusUpdate(b.readLong(), readBytes(b));
      case RpcProtocol.HEARTBEAT -> new RpcMessage.Heartbeat(readString(b), b.readInt(), b.readLong(), b.readLong());
      case RpcProtocol.GET_MAP_OUTPUTS -> new RpcMessage.GetMapOutputs(b.readLong(), b.readInt());
      case RpcProtocol.REGISTERED -> {
        int n = b.readInt();
        Map<String, String> conf = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
          conf.put(readString(b), readString(b));
        }
        yield new RpcMessage.Registered(conf);
      }
      case RpcProtocol.STAGE_BODY -> new RpcMessage.StageBody(b.readInt(), b.readInt(), readBytes(b));
      case RpcProtocol.LAUNCH_TASK -> new RpcMessage.LaunchTask(b.readLong(), b.readInt(), b.readInt(), b.readInt(),
          readBytes(b));
      case RpcProtocol.MAP_OUTPUTS -> {
        long requestId = b.readLong();
        int n = b.readInt();
        if (n < 0) {
          yield new RpcMessage.MapOutputs(requestId, null, readString(b));
        }
        MapStatus[] statuses = new MapStatus[n];
        for (int i = 0; i < n; i++) {
          int mapId = b.readInt();
          String exec = readString(b);
          String host = readString(b);
          int port = b.readInt();
          long[] sizes = new long[b.readInt()];
          for (int r = 0; r < sizes.length; r++) {
            sizes[r] = b.readLong();
          }
          statuses[i] = new MapStatus(mapId, exec, host, port, sizes);
        }
        yield new RpcMessage.MapOutputs(requestId, statuses, null);
      }
      case RpcProtocol.GET_BROADCAST -> new RpcMessage.GetBroadcast(b.readLong(), b.readLong());
      case RpcProtocol.BROADCAST_DATA -> {
        long requestId = b.readLong();
        yield new RpcMessage.BroadcastData(requestId, b.readBoolean() ? readBytes(b) : null);
      }
      case RpcProtocol.REMOVE_BROADCAST -> new RpcMessage.RemoveBroadcast(b.readLong());
      case RpcProtocol.REMOVE_RDD -> new RpcMessage.RemoveRdd(b.readInt());
      case RpcProtocol.UPDATE_CREDENTIALS -> new RpcMessage.UpdateCredentials(readBytes(b));
      case RpcProtocol.KILL_TASK -> new RpcMessage.KillTask(b.readLong(), b.readBoolean(), readString(b));
      case RpcProtocol.ASK_COMMIT -> new RpcMessage.AskCommit(b.readLong(), b.readInt(), b.readInt(), b.readLong());
      case RpcProtocol.BLOCK_UPDATE -> new RpcMessage.BlockUpdate(readString(b), readString(b), readString(b),
          b.readLong(), b.readLong());
      case RpcProtocol.REGISTER_BLOCK_STORE -> new RpcMessage.RegisterBlockStore(readString(b), b.readLong());
      case RpcProtocol.COMMIT_ANSWER -> new RpcMessage.CommitAnswer(b.readLong(), b.readBoolean());
      case RpcProtocol.STAGE_ENDED -> new RpcMessage.StageEnded(b.readInt(), b.readInt());
      case RpcProtocol.HEARTBEAT_ACK -> new RpcMessage.HeartbeatAck();
      case RpcProtocol.SHUTDOWN -> new RpcMessage.Shutdown(readString(b));
      default -> throw new RpcException(RpcProtocol.ERR_BAD_MESSAGE, "unknown RPC message type " + type);
    };
  }

  private static void writeString(ByteBuf b, String s) {
    writeBytes(b, (s == null ? "" : s).getBytes(StandardCharsets.UTF_8));
  }

  private static String readString(ByteBuf b) {
    return new String(readBytes(b), StandardCharsets.UTF_8);
  }

  private static void writeBytes(ByteBuf b, byte[] bytes) {
    b.writeInt(bytes.length);
    b.writeBytes(bytes);
  }

  private static byte[] readBytes(ByteBuf b) {
    int n = b.readInt();
    if (n < 0 || n > b.readableBytes()) {
      throw new RpcException(RpcProtocol.ERR_BAD_MESSAGE, "bad length " + n + " in RPC frame");
    }
    byte[] bytes = new byte[n];
    b.readBytes(bytes);
    return bytes;
  }
}
