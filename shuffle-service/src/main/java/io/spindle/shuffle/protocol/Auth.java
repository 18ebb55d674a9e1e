package io.spindle.shuffle.protocol;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Challenge-response with the application's secret: the server sends a random nonce, the client
 * answers HMAC-SHA256(secret, "spindle-shuffle-v1" | 0 | appId | 0 | nonce). The secret itself never
 * crosses the wire, and a fresh nonce per connection makes a recorded proof useless.
 */
public final class Auth {
  public static final int NONCE_BYTES = 32;
  private static final byte[] CONTEXT = "spindle-shuffle-v1".getBytes(StandardCharsets.UTF_8);
  private static final SecureRandom RANDOM = new SecureRandom();

  private Auth() {}

  public static byte[] newNonce() {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    return nonce;
  }

  public static byte[] proof(byte[] secret, String appId, byte[] nonce) {
    if (secret == null || secret.length == 0) {
      throw new IllegalArgumentException("empty application secret");
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      mac.update(CONTEXT);
      mac.update((byte) 0);
      mac.update(appId.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      mac.update(nonce);
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  /** Constant-time check of a client's proof. */
  public static boolean verify(byte[] secret, String appId, byte[] nonce, byte[] proof) {
    return proof != null && MessageDigest.isEqual(proof(secret, appId, nonce), proof);
  }
}
