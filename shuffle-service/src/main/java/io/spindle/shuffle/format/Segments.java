package io.spindle.shuffle.format;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/** Reads and verifies segments of map outputs on a local disk. */
public final class Segments {
  private Segments() {}

  /**
   * Reads segment {@code partition} of the map output whose data file is {@code dataFile} and
   * checks its CRC32C against the index.
   *
   * @throws CorruptSegmentException if the bytes do not match the checksum
   */
  public static byte[] readVerified(Path dataFile, ShuffleIndex index, int partition)
      throws IOException {
    long length = index.length(partition);
    if (length > Integer.MAX_VALUE - 16) {
      throw new IOException("Shuffle segment too large to read at once: " + length + " bytes in "
          + dataFile + " partition " + partition);
    }
    byte[] bytes = new byte[(int) length];
    if (length == 0) {
      return bytes;
    }
    try (FileChannel ch = FileChannel.open(dataFile, StandardOpenOption.READ)) {
      ByteBuffer buf = ByteBuffer.wrap(bytes);
      long pos = index.offset(partition);
      while (buf.hasRemaining()) {
        int n = ch.read(buf, pos);
        if (n < 0) {
          throw new CorruptSegmentException("Shuffle data file " + dataFile
              + " is shorter than its index says (partition " + partition + ")");
        }
        pos += n;
      }
    }
    verify(bytes, 0, bytes.length, index.checksum(partition), dataFile + " partition " + partition);
    return bytes;
  }

  /** Throws if the CRC32C of {@code bytes[off, off+len)} differs from {@code expected}. */
  public static void verify(byte[] bytes, int off, int len, int expected, String what)
      throws CorruptSegmentException {
    if (len == 0) {
      return;
    }
    CRC32C crc = new CRC32C();
    crc.update(bytes, off, len);
    int actual = (int) crc.getValue();
    if (actual != expected) {
      throw new CorruptSegmentException(String.format(
          "Checksum mismatch in shuffle segment %s: expected %08x, got %08x", what, expected, actual));
    }
  }
}
