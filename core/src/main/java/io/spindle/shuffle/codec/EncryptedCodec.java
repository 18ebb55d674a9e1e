package io.spindle.shuffle.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Shuffle and spill files encrypted at rest ({@code spindle.io.encryption.enabled}, Spark's
 * {@code spark.io.encryption.enabled}): AES-256 in CTR mode under the application's IO key, below
 * the compression codec (whose output it encrypts) or alone. Each stream is self-contained, as the
 * {@link CompressionCodec} contract asks: it starts with its own random 16-byte IV, then the
 * ciphertext, as long as the plaintext. Confidentiality only, as Spark's: a segment's integrity is
 * the shuffle's CRC32C checks' and the compression format's.
 */
public final class EncryptedCodec implements CompressionCodec {
  static final int IV_BYTES = 16;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final byte[] KEY_CONTEXT = "spindle-io-encryption-v1".getBytes(StandardCharsets.US_ASCII);

  private final CompressionCodec inner; // null: encryption alone
  private final SecretKeySpec key;

  /** {@code inner}: the compression below which it encrypts, or null; {@code key}: 32 bytes ({@link #keyOf}). */
  public EncryptedCodec(CompressionCodec inner, byte[] key) {
    if (key == null || key.length != 32) {
      throw new IllegalArgumentException("an IO encryption key of 32 bytes is needed");
    }
    this.inner = inner;
    this.key = new SecretKeySpec(key, "AES");
  }

  /**
   * The application's IO key, from its secret: HMAC-SHA256(secret, "spindle-io-encryption-v1"). Every
   * process of the application (executors, an AM attempt after a restart) derives the same key from
   * the secret it already holds, so no key travels or is stored anywhere.
   */
  public static byte[] keyOf(byte[] applicationSecret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(applicationSecret, "HmacSHA256"));
      return mac.doFinal(KEY_CONTEXT);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }

  @Override
  public String name() {
    return (inner == null ? "none" : inner.name()) + ", encrypted";
  }

  /** The compression below the encryption, or null. */
  public CompressionCodec inner() {
    return inner;
  }

  @Override
  public OutputStream compress(OutputStream out) throws IOException {
    byte[] iv = new byte[IV_BYTES];
    RANDOM.nextBytes(iv);
    out.write(iv);
    OutputStream encrypted = new Encrypting(new KeepOpenOutputStream(out), cipher(Cipher.ENCRYPT_MODE, iv));
    return inner == null ? encrypted : inner.compress(encrypted);
  }

  @Override
  public InputStream decompress(InputStream in) throws IOException {
    byte[] iv = in.readNBytes(IV_BYTES);
    if (iv.length != IV_BYTES) {
      throw new IOException("An encrypted stream of " + iv.length + " bytes, shorter than its IV: the file is "
          + "truncated, or was written without spindle.io.encryption.enabled");
    }
    InputStream decrypted = new Decrypting(in, cipher(Cipher.DECRYPT_MODE, iv));
    return inner == null ? decrypted : inner.decompress(decrypted);
  }

  private Cipher cipher(int mode, byte[] iv) {
    try {
      Cipher cipher = Cipher.getInstance("AES/CTR/NoPadding");
      cipher.init(mode, key, new IvParameterSpec(iv));
      return cipher;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/CTR is not available in this JVM", e);
    }
  }

  /** CTR is a stream mode: every byte written is encrypted and passed on at once; nothing to finish. */
  private static final class Encrypting extends OutputStream {
    private final OutputStream out;
    private final Cipher cipher;
    private final byte[] buffer = new byte[32 * 1024];
    private final byte[] one = new byte[1];

    Encrypting(OutputStream out, Cipher cipher) {
      this.out = out;
      this.cipher = cipher;
    }

    @Override
    public void write(int b) throws IOException {
      one[0] = (byte) b;
      write(one, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      while (len > 0) {
        int n = Math.min(len, buffer.length);
        int m;
        try {
          m = cipher.update(b, off, n, buffer, 0);
        } catch (GeneralSecurityException e) {
          throw new IOException("AES/CTR encryption failed", e);
        }
        out.write(buffer, 0, m);
        off += n;
        len -= n;
      }
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    @Override
    public void close() throws IOException {
      out.close(); // a KeepOpenOutputStream: flushes, the file stays open
    }
  }

  private static final class Decrypting extends InputStream {
    private final InputStream in;
    private final Cipher cipher;
    private final byte[] buffer = new byte[32 * 1024];
    private final byte[] one = new byte[1];

    Decrypting(InputStream in, Cipher cipher) {
      this.in = in;
      this.cipher = cipher;
    }

    @Override
    public int read() throws IOException {
      int n;
      while ((n = read(one, 0, 1)) == 0) {
        // a read of 0 bytes into a 1-byte array: ask again
      }
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      int n = in.read(buffer, 0, Math.min(len, buffer.length));
      if (n <= 0) {
        return n;
      }
      try {
        return cipher.update(buffer, 0, n, b, off);
      } catch (GeneralSecurityException e) {
        throw new IOException("AES/CTR decryption failed", e);
      }
    }

    @Override
    public int available() throws IOException {
      return in.available();
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
