package io.spindle.network;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The one authentication of every Spindle protocol: challenge-response with the application's
 * secret. The server sends a fresh random nonce per connection; the client answers
 * <pre>HMAC-SHA256(secret, "spindle-network-v1" 0x00 protocolName 0x00 appId 0x00 nonce)</pre>
 * The secret itself never crosses the wire and is never logged; a recorded proof is useless on
 * another connection (another nonce), for another application or for the other protocol.
 */
public final class SecretAuth {
  /** Bytes of a nonce and of a fresh secret. */
  public static final int NONCE_BYTES = 32;
  public static final int SECRET_BYTES = 32;
  private static final byte[] CONTEXT = "spindle-network-v1".getBytes(StandardCharsets.US_ASCII);
  private static final SecureRandom RANDOM = new SecureRandom();

  private SecretAuth() {}

  /** A fresh secret for one application. */
  public static byte[] newSecret() {
    return random(SECRET_BYTES);
  }

  public static byte[] newNonce() {
    return random(NONCE_BYTES);
  }

  private static byte[] random(int n) {
    byte[] bytes = new byte[n];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  /** The client's answer to {@code nonce}. */
  public static byte[] proof(byte[] secret, String protocol, String appId, byte[] nonce) {
    if (secret == null || secret.length == 0) {
      throw new IllegalArgumentException("empty application secret");
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      mac.update(CONTEXT);
      mac.update((byte) 0);
      mac.update(protocol.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      mac.update(appId.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      return mac.doFinal(nonce);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }

  /** Constant-time check of a client's proof. */
  public static boolean verify(byte[] secret, String protocol, String appId, byte[] nonce, byte[] proof) {
    return proof != null && MessageDigest.isEqual(proof(secret, protocol, appId, nonce), proof);
  }
}
