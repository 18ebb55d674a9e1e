package io.spindle.io;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Reads the lines of one {@link FileSplit} as UTF-8 strings without their terminator
 * ({@code \n} or {@code \r\n}).
 *
 * <p>Boundary rule: a split reads exactly the lines whose first byte lies in {@code [start, end)}.
 * It finds the first such line by seeking to {@code start - 1} and skipping through the next
 * {@code \n}; it reads the last one past {@code end} to its terminator. So every line of a file
 * is read by exactly one of its splits, however the file is cut.
 */
public final class LineRecordReader implements Closeable {
  private static final int BUFFER_BYTES = 64 * 1024;

  private final InputStream in;
  private final long end;
  private final byte[] buf = new byte[BUFFER_BYTES];
  private int bufPos;
  private int bufLen;
  /** File position of buf[bufPos]. */
  private long pos;
  private byte[] line = new byte[256];
  private boolean eof;

  public LineRecordReader(Configuration conf, FileSplit split) throws IOException {
    Path path = new Path(split.path());
    FileSystem fs = path.getFileSystem(conf);
    FSDataInputStream stream = fs.open(path);
    this.in = stream;
    this.end = split.end();
    long start = split.start();
    if (start != 0) {
      // Start one byte early: if that byte is '\n' the split starts on a line boundary and the
      // skip below consumes only it.
      stream.seek(start - 1);
      this.pos = start - 1;
      skipLine();
    } else {
      this.pos = 0;
    }
  }

  /** The next line, or null when the split is done. */
  public String next() throws IOException {
    if (pos >= end || eof) {
      return null;
    }
    int n = readLineBytes();
    if (n < 0) {
      return null;
    }
    int len = n;
    if (len > 0 && line[len - 1] == '\r') {
      len--;
    }
    return new String(line, 0, len, StandardCharsets.UTF_8);
  }

  /** Reads up to and including the next '\n' into {@code line}; returns its length without it, or -1 at EOF. */
  private int readLineBytes() throws IOException {
    int n = 0;
    boolean any = false;
    while (true) {
      if (bufPos == bufLen && !fill()) {
        return any ? n : -1;
      }
      any = true;
      int startPos = bufPos;
      int i = startPos;
      int limit = bufLen;
      while (i < limit && buf[i] != '\n') {
        i++;
      }
      int chunk = i - startPos;
      if (n + chunk > line.length) {
        line = Arrays.copyOf(line, Math.max(line.length * 2, n + chunk));
      }
      System.arraycopy(buf, startPos, line, n, chunk);
      n += chunk;
      if (i < limit) { // found '\n'
        bufPos = i + 1;
        pos += chunk + 1;
        return n;
      }
      bufPos = limit;
      pos += chunk;
    }
  }

  private void skipLine() throws IOException {
    while (true) {
      if (bufPos == bufLen && !fill()) {
        return;
      }
      int i = bufPos;
      while (i < bufLen && buf[i] != '\n') {
        i++;
      }
      if (i < bufLen) {
        pos += i + 1 - bufPos;
        bufPos = i + 1;
        return;
      }
      pos += bufLen - bufPos;
      bufPos = bufLen;
    }
  }

  private boolean fill() throws IOException {
    int n = in.read(buf, 0, buf.length);
    if (n <= 0) {
      eof = true;
      bufPos = bufLen = 0;
      return false;
    }
    bufPos = 0;
    bufLen = n;
    return true;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
