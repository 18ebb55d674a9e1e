package io.spindle.shuffle.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Encryption at rest below each compression codec: round trips, nothing readable, streams stand alone. */
class EncryptedCodecTest {
  private static final byte[] MARKER = "spindle-ünïcödé-marker-Ω".getBytes(StandardCharsets.UTF_8);
  private final byte[] key = EncryptedCodec.keyOf("secret-of-app-1".getBytes(StandardCharsets.UTF_8));

  private static byte[] text(int size) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    Random random = new Random(size);
    while (b.size() < size) {
      b.writeBytes(random.nextInt(50) == 0 ? MARKER : ("word" + random.nextInt(100) + " ").getBytes(StandardCharsets.UTF_8));
    }
    return Arrays.copyOf(b.toByteArray(), size);
  }

  private static byte[] encode(CompressionCodec codec, byte[] plain, OutputStream file) throws IOException {
    ByteArrayOutputStream one = new ByteArrayOutputStream();
    try (OutputStream out = codec.compress(one)) {
      out.write(plain, 0, plain.length / 2);
      for (int i = plain.length / 2; i < Math.min(plain.length, plain.length / 2 + 10); i++) {
        out.write(plain[i]); // single bytes too
      }
      int from = Math.min(plain.length, plain.length / 2 + 10);
      out.write(plain, from, plain.length - from);
    }
    file.write(one.toByteArray());
    return one.toByteArray();
  }

  private static byte[] decode(CompressionCodec codec, byte[] encoded) throws IOException {
    try (InputStream in = codec.decompress(new ByteArrayInputStream(encoded))) {
      return in.readAllBytes();
    }
  }

  /** Whether {@code needle}'s bytes occur in {@code haystack} (ISO-8859-1 maps each byte to one char). */
  private static boolean contains(byte[] haystack, byte[] needle) {
    return new String(haystack, StandardCharsets.ISO_8859_1).contains(new String(needle, StandardCharsets.ISO_8859_1));
  }

  @Test
  void everyCodecRoundTripsEncryptedAndNothingOfThePlaintextShows() throws Exception {
    for (CompressionCodec inner : new CompressionCodec[] {null, new Lz4Codec(), new ZstdCodec(32 * 1024)}) {
      EncryptedCodec codec = new EncryptedCodec(inner, key);
      for (int size : new int[] {0, 1, 100, 70_000, 1_000_003}) {
        byte[] plain = text(size);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        byte[] encoded = encode(codec, plain, file);
        assertArrayEquals(plain, decode(codec, encoded), codec.name() + " " + size);
        if (size > 1000) {
          assertTrue(contains(plain, MARKER));
          assertFalse(contains(encoded, MARKER), codec.name() + " " + size + ": plaintext on disk");
        }
        if (inner == null) {
          assertEquals(EncryptedCodec.IV_BYTES + size, encoded.length, "CTR: as long as the plaintext, plus the IV");
        }
      }
    }
  }

  @Test
  void theSameBytesTwiceGiveDifferentFilesAndSegmentsOfOneFileDecodeAlone() throws Exception {
    EncryptedCodec codec = new EncryptedCodec(new Lz4Codec(), key);
    byte[] plain = text(50_000);
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    byte[] first = encode(codec, plain, file);
    byte[] second = encode(codec, plain, file);
    assertFalse(Arrays.equals(first, second), "a fresh IV per stream");
    byte[] whole = file.toByteArray();
    assertArrayEquals(plain, decode(codec, Arrays.copyOfRange(whole, first.length, whole.length)), "the second alone");
    assertArrayEquals(plain, decode(codec, Arrays.copyOfRange(whole, 0, first.length)), "the first alone");
  }

  @Test
  void anotherApplicationsKeyDoesNotReadIt() throws Exception {
    byte[] plain = text(10_000);
    byte[] encoded = encode(new EncryptedCodec(null, key), plain, new ByteArrayOutputStream());
    byte[] otherKey = EncryptedCodec.keyOf("secret-of-app-2".getBytes(StandardCharsets.UTF_8));
    assertFalse(Arrays.equals(plain, decode(new EncryptedCodec(null, otherKey), encoded)));
    byte[] compressed = encode(new EncryptedCodec(new Lz4Codec(), key), plain, new ByteArrayOutputStream());
    assertThrows(IOException.class, () -> decode(new EncryptedCodec(new Lz4Codec(), otherKey), compressed),
        "lz4's checks reject what a wrong key makes of its frames");
    assertThrows(IOException.class, () -> decode(new EncryptedCodec(null, key), new byte[5]), "shorter than its IV");
  }

  @Test
  void theKeyComesFromTheSecretAlone() {
    assertArrayEquals(key, EncryptedCodec.keyOf("secret-of-app-1".getBytes(StandardCharsets.UTF_8)));
    assertEquals(32, key.length);
    assertThrows(IllegalArgumentException.class, () -> new EncryptedCodec(null, new byte[16]));
  }
}
