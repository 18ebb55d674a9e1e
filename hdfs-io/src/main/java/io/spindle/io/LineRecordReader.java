package io.spindle.io;

import java.io.Closeable;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.SplittableCompressionCodec;

/**
 * Reads the lines of one {@link FileSplit} as UTF-8 strings without their terminator.
 *
 * <p>Lines end at {@code '\n'}; a {@code '\r'} right before it (or at the very end of the file)
 * is dropped, so CRLF files read like LF files. A lone {@code '\r'} elsewhere stays in the line
 * (unlike Hadoop's reader, which also ends lines there). A final line without terminator is
 * read; an empty file or a trailing {@code '\n'} adds no empty line. A UTF-8 byte order mark at
 * the start of the file is dropped. Bytes are decoded once the whole line is found, so a
 * character split across a buffer, block or split boundary decodes whole; malformed bytes become
 * U+FFFD.
 *
 * <p>Boundary rule for a plain file: a split reads exactly the lines whose first byte lies in
 * {@code [start, end)}; it reads its last line past {@code end} to its terminator. Files with a
 * splittable codec (bzip2) follow the same rule in units of compressed blocks, files with
 * another codec (gzip) are read whole by the split starting at 0. So every line of a file is
 * read by exactly one of its splits, however the file is cut. See {@link SplitInput}.
 *
 * <p>Hot path: one reused buffer, a newline scan eight bytes at a time, and a String decoded
 * straight from the buffer when the line lies in it; only lines crossing a buffer refill are
 * copied, into a reused array.
 */
public final class LineRecordReader implements Closeable {
  /** Read size. Large reads keep HDFS and local reads streaming; 128 KiB fits in L2. */
  static final int BUFFER_BYTES = 128 * 1024;
  /** Largest array the JVM reliably allocates. */
  private static final int MAX_LINE_BYTES = Integer.MAX_VALUE - 16;
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
  private static final long LOW_BITS = 0x0101010101010101L;
  private static final long HIGH_BITS = 0x8080808080808080L;

  private final String path;
  private final SplitInput input;
  private final byte[] buf;
  private int bufPos;
  private int bufLen;
  /** Whether the next line (if the file has one) belongs to this split. */
  private boolean more;
  private boolean firstLineOfFile;
  /** Holds a line that crosses a buffer refill. */
  private byte[] carry = new byte[0];

  public LineRecordReader(Configuration conf, FileSplit split) throws IOException {
    this(conf, split, BUFFER_BYTES);
  }

  /** With a chosen buffer size: tests use tiny ones to put buffer refills everywhere. */
  LineRecordReader(Configuration conf, FileSplit split, int bufferBytes) throws IOException {
    Path file = new Path(split.path());
    this.path = split.path();
    this.buf = new byte[bufferBytes];
    this.input = open(conf, file, split, bufferBytes);
    try {
      if (split.length() == 0 || input.ownsNothing()) {
        more = false;
      } else if (input.startsMidFile()) {
        more = skipPastNewline();
      } else {
        more = true;
        firstLineOfFile = true;
      }
    } catch (IOException | RuntimeException e) {
      input.close();
      throw e;
    }
  }

  private static SplitInput open(Configuration conf, Path file, FileSplit split, int bufferBytes)
      throws IOException {
    FileSystem fs = file.getFileSystem(conf);
    CompressionCodec codec = Codecs.forPath(conf, file);
    if (codec == null) {
      return new PlainSplitInput(fs, file, split.start(), split.end(), bufferBytes);
    }
    if (codec instanceof SplittableCompressionCodec) {
      return new BlockCompressedInput(fs, file, (SplittableCompressionCodec) codec, split.start(),
          split.end(), bufferBytes);
    }
    if (split.start() != 0) {
      throw new IllegalArgumentException("Cannot read " + split + ": " + Codecs.label(codec)
          + " files cannot be split; read the whole file as one split starting at 0.");
    }
    return new WholeCompressedInput(fs, file, codec, bufferBytes);
  }

  /** The next line, or null when the split is done. */
  public String next() throws IOException {
    if (!more) {
      return null;
    }
    int carried = 0;
    while (true) {
      if (bufPos == bufLen && !fill()) {
        more = false;
        return carried == 0 ? null : decode(carry, 0, carried);
      }
      int from = bufPos;
      int nl = indexOfNewline(buf, from, bufLen);
      if (nl >= 0) {
        bufPos = nl + 1;
        more = input.lastChunkOwned();
        if (carried == 0) {
          return decode(buf, from, nl);
        }
        carried = append(carried, from, nl);
        return decode(carry, 0, carried);
      }
      carried = append(carried, from, bufLen);
      bufPos = bufLen;
    }
  }

  /** Consumes through the first '\n'; returns whether the line after it is this split's. */
  private boolean skipPastNewline() throws IOException {
    while (true) {
      if (bufPos == bufLen && !fill()) {
        return false;
      }
      int nl = indexOfNewline(buf, bufPos, bufLen);
      if (nl >= 0) {
        bufPos = nl + 1;
        return input.lastChunkOwned();
      }
      bufPos = bufLen;
    }
  }

  private boolean fill() throws IOException {
    int n = input.read(buf);
    if (n <= 0) {
      bufPos = bufLen = 0;
      return false;
    }
    bufPos = 0;
    bufLen = n;
    return true;
  }

  /** Appends buf[from, to) to the carried bytes; returns the new carried length. */
  private int append(int carried, int from, int to) throws IOException {
    int n = to - from;
    if (carried + n > carry.length) {
      if ((long) carried + n > MAX_LINE_BYTES) {
        throw new IOException("A line in " + path + " is longer than 2 GiB; is it a text file with '\\n' line ends?");
      }
      carry = Arrays.copyOf(carry, (int) Math.min(MAX_LINE_BYTES, Math.max(2L * carry.length, carried + n)));
    }
    System.arraycopy(buf, from, carry, carried, n);
    return carried + n;
  }

  private String decode(byte[] bytes, int from, int to) {
    if (to > from && bytes[to - 1] == '\r') {
      to--; // CRLF, or a CR that ends the file
    }
    String line = new String(bytes, from, to - from, StandardCharsets.UTF_8);
    if (firstLineOfFile) {
      firstLineOfFile = false;
      if (!line.isEmpty() && line.charAt(0) == '\uFEFF') {
        line = line.substring(1); // UTF-8 byte order mark
      }
    }
    return line;
  }

  /** Index of the first '\n' in b[from, to), or -1. Scans eight bytes per step (SWAR). */
  static int indexOfNewline(byte[] b, int from, int to) {
    int i = from;
    for (int last = to - Long.BYTES; i <= last; i += Long.BYTES) {
      long x = (long) LONGS.get(b, i) ^ NEWLINES;
      // A byte of x is zero where b has '\n'; this sets the high bit of the lowest such byte
      // (higher bytes may get false hits from the borrow, but the lowest hit is exact).
      long hits = (x - LOW_BITS) & ~x & HIGH_BITS;
      if (hits != 0) {
        return i + (Long.numberOfTrailingZeros(hits) >>> 3);
      }
    }
    for (; i < to; i++) {
      if (b[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  @Override
  public void close() throws IOException {
    input.close();
  }
}
