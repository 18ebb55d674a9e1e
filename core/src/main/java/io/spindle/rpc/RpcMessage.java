package io.spindle.rpc;

import java.util.List;
import java.util.Map;

/**
 * The messages of the driver ↔ executor protocol. Each is one frame of the network layer;
 * {@link RpcCodec} writes and reads them. They follow the network layer's handshake (see
 * {@link DriverRpcHandler}).
 */
public sealed interface RpcMessage {

  /** Frame type byte of this message. */
  byte type();

  /** Driver → executor: the registration is refused; the driver closes the connection after this frame. */
  record Error(int code, String message) implements RpcMessage {
    public byte type() {
      return RpcProtocol.ERROR;
    }
  }

  // ---- Executor → driver

  record RegisterExecutor(String executorId, String host, int cores, List<String> localDirs,
      String shuffleHost, int shufflePort) implements RpcMessage {
    public byte type() {
      return RpcProtocol.REGISTER_EXECUTOR;
    }
  }

  /** A task attempt ended; {@code result} is a TaskResult serialized with ClosureSerializer. */
  record StatusUpdate(long taskId, byte[] result) implements RpcMessage {
    public byte type() {
      return RpcProtocol.STATUS_UPDATE;
    }
  }

  record Heartbeat(String executorId, int runningTasks, long finishedTasks, long heapUsedBytes)
      implements RpcMessage {
    public byte type() {
      return RpcProtocol.HEARTBEAT;
    }
  }

  /** A reducer asks where the map outputs of a shuffle are. */
  record GetMapOutputs(long requestId, int shuffleId) implements RpcMessage {
    public byte type() {
      return RpcProtocol.GET_MAP_OUTPUTS;
    }
  }

  /** A task reads a broadcast this executor does not hold yet. */
  record GetBroadcast(long requestId, long broadcastId) implements RpcMessage {
    public byte type() {
      return RpcProtocol.GET_BROADCAST;
    }
  }

  /** A task attempt asks whether it may commit its output of (stage, partition). */
  record AskCommit(long requestId, int stageId, int partition, long attemptId) implements RpcMessage {
    public byte type() {
      return RpcProtocol.ASK_COMMIT;
    }
  }

  /**
   * A cached RDD partition of this executor changed: stored, moved to disk or dropped by eviction,
   * or removed. {@code storageLevel} is a {@code StorageLevel} name ({@code NONE} when the block
   * is gone, then both sizes are 0); sizes in bytes (memory estimated for objects). No answer.
   */
  record BlockUpdate(String executorId, String blockId, String storageLevel, long memorySize, long diskSize)
      implements RpcMessage {
    public byte type() {
      return RpcProtocol.BLOCK_UPDATE;
    }
  }

  /**
   * The executor's block store is up, with {@code maxMemory} bytes of unified (storage + execution)
   * memory, the figure Spark's BlockManagerAdded carries: sent once, after registration, when the
   * executor has the driver's configuration. No answer.
   */
  record RegisterBlockStore(String executorId, long maxMemory) implements RpcMessage {
    public byte type() {
      return RpcProtocol.REGISTER_BLOCK_STORE;
    }
  }

  // ---- Driver → executor

  /** Answer to {@link AskCommit}. */
  record CommitAnswer(long requestId, boolean allowed) implements RpcMessage {
    public byte type() {
      return RpcProtocol.COMMIT_ANSWER;
    }
  }

  /** Answer to {@link GetBroadcast}: the serialized value, or null if it was destroyed. */
  record BroadcastData(long requestId, byte[] bytes) implements RpcMessage {
    public byte type() {
      return RpcProtocol.BROADCAST_DATA;
    }
  }

  /**
   * Drop this process's copy of a broadcast ({@code Broadcast.unpersist()} or {@code destroy()} on
   * the driver). No answer: frames arrive in order, so every task launched after it fetches anew.
   */
  record RemoveBroadcast(long broadcastId) implements RpcMessage {
    public byte type() {
      return RpcProtocol.REMOVE_BROADCAST;
    }
  }

  /**
   * Drop every cached partition of an RDD ({@code Rdd.unpersist()} on the driver), from memory and
   * disk; the executor reports each dropped block ({@code BLOCK_UPDATE} with level NONE). No answer.
   */
  record RemoveRdd(int rddId) implements RpcMessage {
    public byte type() {
      return RpcProtocol.REMOVE_RDD;
    }
  }

  /**
   * Renewed delegation tokens for the executor's Hadoop credentials, in Hadoop's token storage
   * format (YARN on Kerberos, sent by the AM before the old ones expire and to executors that
   * register later). No answer. Never logged: it is a secret.
   */
  record UpdateCredentials(byte[] credentials) implements RpcMessage {
    public byte type() {
      return RpcProtocol.UPDATE_CREDENTIALS;
    }

    @Override
    public String toString() {
      return "UpdateCredentials[" + credentials.length + " bytes]";
    }
  }

  /**
   * Stop a task attempt this executor runs or has queued: with {@code interrupt} its thread is
   * interrupted. The executor reports the attempt as killed ({@code TaskKilledException} with the
   * reason); a task that already ended is not affected. No answer.
   */
  record KillTask(long taskId, boolean interrupt, String reason) implements RpcMessage {
    public byte type() {
      return RpcProtocol.KILL_TASK;
    }
  }

  /** Registration accepted; carries the application's configuration. */
  record Registered(Map<String, String> conf) implements RpcMessage {
    public byte type() {
      return RpcProtocol.REGISTERED;
    }
  }

  /** The serialized StageBody of a stage attempt: sent once per executor and stage attempt. */
  record StageBody(int stageId, int stageAttempt, byte[] body) implements RpcMessage {
    public byte type() {
      return RpcProtocol.STAGE_BODY;
    }
  }

  /** Run one task attempt; its stage body was sent before on this connection. */
  record LaunchTask(long taskId, int stageId, int stageAttempt, int attemptNumber, byte[] partition)
      implements RpcMessage {
    public byte type() {
      return RpcProtocol.LAUNCH_TASK;
    }
  }

  /** Answer to {@link GetMapOutputs}: the statuses, or (statuses null) why there are none. */
  record MapOutputs(long requestId, io.spindle.shuffle.MapStatus[] statuses, String error)
      implements RpcMessage {
    public byte type() {
      return RpcProtocol.MAP_OUTPUTS;
    }
  }

  /** The stage attempt completed: drop its cached body. */
  record StageEnded(int stageId, int stageAttempt) implements RpcMessage {
    public byte type() {
      return RpcProtocol.STAGE_ENDED;
    }
  }

  record HeartbeatAck() implements RpcMessage {
    public byte type() {
      return RpcProtocol.HEARTBEAT_ACK;
    }
  }

  /** Stop: finish nothing more, exit. Sent when the context closes or the executor is killed. */
  record Shutdown(String reason) implements RpcMessage {
    public byte type() {
      return RpcProtocol.SHUTDOWN;
    }
  }
}
