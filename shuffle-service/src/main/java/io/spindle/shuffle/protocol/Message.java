package io.spindle.shuffle.protocol;

import java.util.List;

/**
 * Messages of protocol v2, after the network layer's handshake (which authenticates the
 * connection for one application). Field order here is the order on the wire.
 */
public sealed interface Message {

  MessageType type();

  /** Executor tells the service where its map outputs are. */
  record RegisterExecutor(long requestId, String appId, String execId, List<String> localDirs)
      implements Message {
    public MessageType type() {
      return MessageType.REGISTER_EXECUTOR;
    }
  }

  /** Asks for reduce partitions [startReduce, endReduce) of each listed map output. */
  record Fetch(long requestId, String appId, String execId, int shuffleId, int startReduce,
      int endReduce, long[] mapIds) implements Message {
    public MessageType type() {
      return MessageType.FETCH;
    }
  }

  /** Success of REGISTER_EXECUTOR. */
  record Ok(long requestId) implements Message {
    public MessageType type() {
      return MessageType.OK;
    }
  }

  /** Refusal or failure of one request. */
  record Error(long requestId, ErrorCode code, String message) implements Message {
    public MessageType type() {
      return MessageType.ERROR;
    }
  }

  /** The service is at its load limit: retry the same request after retryAfterMs. */
  record Busy(long requestId, int retryAfterMs) implements Message {
    public MessageType type() {
      return MessageType.BUSY;
    }
  }

  /**
   * Header of a fetch answer; the segments' bytes follow the frame, in the listed order. On the
   * sending side {@code data} is null (the bytes go out as file regions); the decoder fills it.
   */
  record FetchData(long requestId, int shuffleId, List<SegmentInfo> segments, byte[][] data)
      implements Message {
    public MessageType type() {
      return MessageType.FETCH_DATA;
    }

    public long bodyBytes() {
      long sum = 0;
      for (SegmentInfo s : segments) {
        sum += s.length();
      }
      return sum;
    }
  }

}
