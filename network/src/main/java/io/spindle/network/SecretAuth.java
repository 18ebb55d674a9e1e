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
  private static final byte[] CRYPTO_CONTEXT = "spindle-network-crypto-v1".getBytes(StandardCharsets.US_ASCII);
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

  /** The two keys of one encrypted connection, one per direction (AES-256). Never logged. */
  public record SessionKeys(byte[] clientToServer, byte[] serverToClient) {
    @Override
    public String toString() {
      return "SessionKeys[hidden]";
    }
  }

  /**
   * The keys of an encrypted connection, from the application's secret and both sides' nonces:
   * <pre>
   * m = HMAC-SHA256(secret, "spindle-network-crypto-v1" 0x00 protocol 0x00 appId 0x00 serverNonce clientNonce)
   * clientToServer = HMAC-SHA256(m, "client to server"), serverToClient = HMAC-SHA256(m, "server to client")
   * </pre>
   * Fresh per connection (two fresh nonces), so record numbers can start at 0 on every connection.
   */
  public static SessionKeys sessionKeys(byte[] secret, String protocol, String appId, byte[] serverNonce,
      byte[] clientNonce) {
    byte[] master = hmac(secret, CRYPTO_CONTEXT, protocol.getBytes(StandardCharsets.UTF_8),
        appId.getBytes(StandardCharsets.UTF_8), concat(serverNonce, clientNonce));
    return new SessionKeys(hmac(master, "client to server".getBytes(StandardCharsets.US_ASCII)),
        hmac(master, "server to client".getBytes(StandardCharsets.US_ASCII)));
  }

  /** HMAC-SHA256 of the parts joined by 0x00. */
  private static byte[] hmac(byte[] key, byte[]... parts) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      for (int i = 0; i < parts.length; i++) {
        if (i > 0) {
          mac.update((byte) 0);
        }
        mac.update(parts[i]);
      }
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = new byte[a.length + b.length];
    System.arraycopy(a, 0, both, 0, a.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }

  /** Constant-time check of a client's proof. */
  public static boolean verify(byte[] secret, String protocol, String appId, byte[] nonce, byte[] proof) {
    return proof != null && MessageDigest.isEqual(proof(secret, protocol, appId, nonce), proof);
  }
}
