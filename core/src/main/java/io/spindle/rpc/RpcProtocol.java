package io.spindle.rpc;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Constants of the driver ↔ executor protocol and its authentication; see {@link DriverRpcHandler}. */
public final class RpcProtocol {
  private RpcProtocol() {}

  /** "SPRC": first int of every Hello, so a stray client is told apart from an old executor. */
  public static final int MAGIC = 0x53505243;
  /** Bumped on any incompatible change of framing or messages. */
  public static final int VERSION = 2; // 2: REMOVE_BROADCAST, which a v1 executor cannot decode
  /** Largest frame accepted (stage bodies and results travel in one frame). */
  public static final int MAX_FRAME_BYTES = 256 << 20;
  public static final int NONCE_BYTES = 32;

  public static final byte HELLO = 1;
  public static final byte CHALLENGE = 2;
  public static final byte AUTH_RESPONSE = 3;
  public static final byte AUTH_OK = 4;
  public static final byte ERROR = 5;
  public static final byte REGISTER_EXECUTOR = 10;
  public static final byte STATUS_UPDATE = 11;
  public static final byte HEARTBEAT = 12;
  public static final byte GET_MAP_OUTPUTS = 13;
  public static final byte GET_BROADCAST = 14;
  public static final byte ASK_COMMIT = 15;
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

  public static final int ERR_VERSION_MISMATCH = 1;
  public static final int ERR_AUTH_FAILED = 2;
  public static final int ERR_BAD_MESSAGE = 3;
  public static final int ERR_UNKNOWN_APPLICATION = 4;

  private static final SecureRandom RANDOM = new SecureRandom();

  /** A fresh secret for one application (32 random bytes). */
  public static byte[] newSecret() {
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    return secret;
  }

  public static byte[] newNonce() {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    return nonce;
  }

  /** HMAC-SHA256(secret, "spindle-rpc-v1" 0 appId 0 nonce): the secret itself never travels. */
  public static byte[] proof(byte[] secret, String appId, byte[] nonce) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      mac.update("spindle-rpc-v1".getBytes(StandardCharsets.US_ASCII));
      mac.update((byte) 0);
      mac.update(appId.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      return mac.doFinal(nonce);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }

  /** Constant-time check of a proof. */
  public static boolean verify(byte[] secret, String appId, byte[] nonce, byte[] proof) {
    return proof != null && MessageDigest.isEqual(proof(secret, appId, nonce), proof);
  }
}
