package io.spindle.io;

import java.io.IOException;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * An uncompressed split {@code [start, end)}. It owns the bytes at {@code [start - 1, end - 1)}:
 * a line preceded by a '\n' there starts in {@code [start, end)}. Reads stop at {@code end - 1},
 * so a chunk never mixes owned and foreign bytes.
 */
final class PlainSplitInput extends SplitInput {
  private final FSDataInputStream in;
  private final long ownedEnd;
  private final boolean midFile;
  private long pos;
  private boolean owned;

  PlainSplitInput(FileSystem fs, Path path, long start, long end, int bufferSize) throws IOException {
    this.in = fs.open(path, bufferSize);
    this.midFile = start > 0;
    this.pos = Math.max(0, start - 1);
    this.ownedEnd = end - 1;
    try {
      if (pos > 0) {
        in.seek(pos);
      }
    } catch (IOException e) {
      in.close();
      throw e;
    }
  }

  @Override
  int read(byte[] buf) throws IOException {
    owned = pos < ownedEnd;
    int want = owned ? (int) Math.min(buf.length, ownedEnd - pos) : buf.length;
    int n = in.read(buf, 0, want);
    while (n == 0) {
      n = in.read(buf, 0, want);
    }
    if (n > 0) {
      pos += n;
    }
    return n;
  }

  @Override
  boolean lastChunkOwned() {
    return owned;
  }

  @Override
  boolean startsMidFile() {
    return midFile;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
