package io.spindle.rpc;

import io.spindle.network.ProtocolId;
import io.spindle.network.Refusal;
import io.spindle.network.SecretAuth;

/**
 * Constants of the driver ↔ executor protocol; see {@link DriverRpcHandler}. Framing, the
 * versioned handshake and the authentication are the network layer's ({@link io.spindle.network}).
 */
public final class RpcProtocol {
  private RpcProtocol() {}

  /**
   * Bumped on any incompatible change of framing or messages. 2: REMOVE_BROADCAST, which a v1
   * executor cannot decode; 3: the network layer's framing and handshake replaced v2's own; 4:
   * UPDATE_CREDENTIALS (renewed delegation tokens on a Kerberos cluster); 5: KILL_TASK (a cancelled
   * job's, or a speculative duplicate's, running task is stopped on its executor) and BLOCK_UPDATE
   * (executors report their cached partitions to the driver's status store and dynamic allocation);
   * 6: REMOVE_RDD ({@code Rdd.unpersist()} reaches the executors' block stores); 7:
   * REGISTER_BLOCK_STORE (an executor tells its storage memory, for the status store and event log).
   */
  public static final int VERSION = 7;
  /** The protocol's name and version in the handshake. */
  public static final ProtocolId ID = new ProtocolId("spindle-rpc", VERSION);
  /** Largest frame accepted (stage bodies and results travel in one frame). */
  public static final int MAX_FRAME_BYTES = 256 << 20;

  public static final byte ERROR = 5;
  public static final byte REGISTER_EXECUTOR = 10;
  public static final byte STATUS_UPDATE = 11;
  public static final byte HEARTBEAT = 12;
  public static final byte GET_MAP_OUTPUTS = 13;
  public static final byte GET_BROADCAST = 14;
  public static final byte ASK_COMMIT = 15;
  public static final byte BLOCK_UPDATE = 16;
  public static final byte REGISTER_BLOCK_STORE = 17;
  public static final byte REGISTERED = 20;
  public static final byte STAGE_BODY = 21;
  public static final byte LAUNCH_TASK = 22;
  public static final byte MAP_OUTPUTS = 23;
  public static final byte HEARTBEAT_ACK = 24;
  public static final byte SHUTDOWN = 25;
  public static final byte STAGE_ENDED = 26;
  public static final byte BROADCAST_DATA = 27;
  public static final byte COMMIT_ANSWER = 28;
  public static final byte REMOVE_BROADCAST = 29;
  public static final byte UPDATE_CREDENTIALS = 30;
  public static final byte KILL_TASK = 31;
  public static final byte REMOVE_RDD = 32;

  public static final int ERR_VERSION_MISMATCH = 1;
  public static final int ERR_AUTH_FAILED = 2;
  public static final int ERR_BAD_MESSAGE = 3;
  public static final int ERR_UNKNOWN_APPLICATION = 4;

  /** A fresh secret for one application (32 random bytes); also the shuffle service's secret. */
  public static byte[] newSecret() {
    return SecretAuth.newSecret();
  }

  /** The error code of a refused handshake (another application's id counts as a failed authentication). */
  static int errorCode(Refusal refusal) {
    return switch (refusal) {
      case VERSION_MISMATCH -> ERR_VERSION_MISMATCH;
      case AUTHENTICATION_FAILED, UNKNOWN_APPLICATION, ENCRYPTION_REQUIRED -> ERR_AUTH_FAILED;
      case NOT_AUTHENTICATED, BAD_MESSAGE -> ERR_BAD_MESSAGE;
    };
  }
}
