package io.spindle.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.channel.DefaultFileRegion;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import javax.crypto.AEADBadTagException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The record format and the file region that seals as the socket takes its bytes. */
class RecordCipherTest {
  private final byte[] key = SecretAuth.newSecret();
  private final Random random = new Random(7);

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  /** Reads every record of {@code wire} with a fresh opener; the plaintext in order. */
  private static byte[] openAll(byte[] key, byte[] wire) throws AEADBadTagException {
    RecordCipher opener = RecordCipher.opener(key);
    ByteBuffer in = ByteBuffer.wrap(wire);
    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    while (in.hasRemaining()) {
      int n = in.getInt();
      ByteBuffer sealed = in.slice();
      sealed.limit(n);
      ByteBuffer out = ByteBuffer.allocate(n - RecordCipher.TAG_BYTES);
      opener.open(sealed, out);
      plain.write(out.array(), 0, out.position());
      in.position(in.position() + n);
    }
    return plain.toByteArray();
  }

  private byte[] seal(RecordCipher sealer, long number, byte[] plain) {
    ByteBuffer out = ByteBuffer.allocate(plain.length + RecordCipher.OVERHEAD);
    sealer.seal(number, ByteBuffer.wrap(plain), out);
    assertEquals(out.capacity(), out.position());
    return out.array();
  }

  @Test
  void recordsOpenInTheOrderTheyWereNumbered() throws Exception {
    RecordCipher sealer = RecordCipher.sealer(key);
    byte[] a = bytes(1);
    byte[] b = bytes(RecordCipher.MAX_PLAIN_BYTES);
    byte[] c = bytes(1000);
    long first = sealer.reserve(3);
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    wire.writeBytes(seal(sealer, first, a));
    wire.writeBytes(seal(sealer, first + 1, b));
    wire.writeBytes(seal(sealer, first + 2, c));
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    expected.writeBytes(a);
    expected.writeBytes(b);
    expected.writeBytes(c);
    assertArrayEquals(expected.toByteArray(), openAll(key, wire.toByteArray()));
  }

  @Test
  void aReorderedRepeatedOrForeignRecordFailsItsTag() {
    RecordCipher sealer = RecordCipher.sealer(key);
    byte[] r0 = seal(sealer, sealer.reserve(1), bytes(100));
    byte[] r1 = seal(sealer, sealer.reserve(1), bytes(100));
    assertThrows(AEADBadTagException.class, () -> openAll(key, concat(r1, r0)));
    assertThrows(AEADBadTagException.class, () -> openAll(key, concat(r0, r0)));
    assertThrows(AEADBadTagException.class, () -> openAll(SecretAuth.newSecret(), r0));
  }

  @Test
  void sizesOutsideARecordAreRefused() {
    RecordCipher sealer = RecordCipher.sealer(key);
    ByteBuffer out = ByteBuffer.allocate(RecordCipher.MAX_PLAIN_BYTES * 2);
    assertThrows(IllegalArgumentException.class, () -> sealer.seal(0, ByteBuffer.allocate(0), out));
    assertThrows(IllegalArgumentException.class,
        () -> sealer.seal(0, ByteBuffer.allocate(RecordCipher.MAX_PLAIN_BYTES + 1), out));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }

  /** A socket that takes at most 777 bytes per write and nothing on every third call. */
  private static final class SlowChannel implements WritableByteChannel {
    final ByteArrayOutputStream taken = new ByteArrayOutputStream();
    int calls;

    @Override
    public int write(ByteBuffer src) {
      if (++calls % 3 == 0) {
        return 0;
      }
      int n = Math.min(777, src.remaining());
      byte[] b = new byte[n];
      src.get(b);
      taken.writeBytes(b);
      return n;
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public void close() {}
  }

  @Test
  void aSealedFileRegionCountsWhatItWritesAndOpensToTheFile(@TempDir Path dir) throws Exception {
    for (int size : new int[] {0, 1, RecordCipher.MAX_PLAIN_BYTES, RecordCipher.MAX_PLAIN_BYTES + 1, 200_003}) {
      byte[] content = bytes(size + 10);
      Path file = Files.write(dir.resolve("f" + size), content);
      RecordCipher sealer = RecordCipher.sealer(key);
      long first = sealer.reserve(RecordCipher.records(size));
      SealedFileRegion region = new SealedFileRegion(new DefaultFileRegion(file.toFile(), 10, size), sealer, first);
      assertEquals(RecordCipher.sealedSize(size), region.count());
      SlowChannel socket = new SlowChannel();
      while (region.transferred() < region.count()) {
        region.transferTo(socket, region.transferred());
      }
      region.release();
      assertEquals(region.count(), socket.taken.size(), "size " + size);
      assertArrayEquals(Arrays.copyOfRange(content, 10, 10 + size), openAll(key, socket.taken.toByteArray()),
          "size " + size);
    }
  }
}
