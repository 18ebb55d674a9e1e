package io.spindle.network;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM over one direction of one encrypted connection. The stream is a sequence of records
 * <pre>u32 n, n bytes of ciphertext (the plaintext's length + a 16-byte tag)</pre>
 * each holding at most {@link #MAX_PLAIN_BYTES} of plaintext. Record {@code i} of a direction is
 * sealed with the 12-byte IV {@code 00 00 00 00 || u64 i}: every connection has fresh keys (see
 * {@link SecretAuth#sessionKeys}) and each direction its own, so an IV is never used twice under
 * one key, and a record dropped, repeated, reordered or altered on the way fails the tag check.
 * Not thread-safe: one connection's event loop uses it.
 */
final class RecordCipher {
  /** Plaintext bytes per record, at most. */
  static final int MAX_PLAIN_BYTES = 64 * 1024;
  static final int TAG_BYTES = 16;
  /** Bytes a record adds to its plaintext: the length and the tag. */
  static final int OVERHEAD = 4 + TAG_BYTES;
  private static final int IV_BYTES = 12;

  private final SecretKeySpec key;
  private final Cipher cipher;
  private final int mode;
  private final byte[] iv = new byte[IV_BYTES];
  private long next; // the next record's number: sealing reserves, opening reads in order

  private RecordCipher(byte[] key, int mode) {
    this.key = new SecretKeySpec(key, "AES");
    this.mode = mode;
    try {
      this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/GCM is not available in this JVM", e);
    }
  }

  static RecordCipher sealer(byte[] key) {
    return new RecordCipher(key, Cipher.ENCRYPT_MODE);
  }

  static RecordCipher opener(byte[] key) {
    return new RecordCipher(key, Cipher.DECRYPT_MODE);
  }

  /** Records needed for {@code plainBytes}. */
  static long records(long plainBytes) {
    return (plainBytes + MAX_PLAIN_BYTES - 1) / MAX_PLAIN_BYTES;
  }

  /** Bytes on the wire for {@code plainBytes} of plaintext. */
  static long sealedSize(long plainBytes) {
    return plainBytes + records(plainBytes) * OVERHEAD;
  }

  /**
   * Reserves the numbers of {@code count} records and returns the first: a message's records are
   * numbered when it is written, in the order messages reach the wire, even if they are sealed
   * later (a file region is sealed as the socket takes it).
   */
  long reserve(long count) {
    long first = next;
    next += count;
    return first;
  }

  /**
   * Seals {@code plain}'s remaining bytes (1 to {@link #MAX_PLAIN_BYTES}) as record {@code number}:
   * writes its length and ciphertext at {@code out}'s position.
   */
  void seal(long number, ByteBuffer plain, ByteBuffer out) {
    int n = plain.remaining();
    if (n < 1 || n > MAX_PLAIN_BYTES) {
      throw new IllegalArgumentException("record of " + n + " bytes");
    }
    out.putInt(n + TAG_BYTES);
    try {
      cipher.init(mode, key, ivOf(number));
      cipher.doFinal(plain, out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/GCM sealing failed", e);
    }
  }

  /**
   * Opens the next record, whose ciphertext (without its length) is {@code sealed}'s remaining
   * bytes, into {@code out}.
   *
   * @throws AEADBadTagException the record was altered, dropped, repeated or reordered, or the
   *     peers' keys differ
   */
  void open(ByteBuffer sealed, ByteBuffer out) throws AEADBadTagException {
    try {
      cipher.init(mode, key, ivOf(next));
      cipher.doFinal(sealed, out);
      next++;
    } catch (AEADBadTagException e) {
      throw e;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/GCM opening failed", e);
    }
  }

  private GCMParameterSpec ivOf(long number) {
    for (int i = 0; i < 8; i++) {
      iv[IV_BYTES - 1 - i] = (byte) (number >>> (8 * i));
    }
    return new GCMParameterSpec(TAG_BYTES * 8, iv);
  }
}
