package io.spindle.shuffle.spill;

import com.esotericsoftware.kryo.io.Output;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A Kryo {@link Output} that grows by adding pages instead of copying into a buffer twice the size:
 * when a write does not fit, the page in use is kept as it is and the write goes on in a new one
 * (twice as large, up to {@link SerializedSortBuffer#MAX_PAGE}). A record may span pages: what is
 * kept is only the bytes in order ({@link #writeTo}), as a map output segment is.
 *
 * <p>Why: a map task's per-partition buffers (shuffles without map-side combine) grew by doubling to
 * tens of MB each; every doubling copied the bytes and left the old array as garbage, and the arrays,
 * live as long as the task, were copied by young collections and promoted. In W3 (sortByKey over
 * 1 GiB) that was ~4 GB of allocation and most of the map stage's collection pauses
 * (docs/benchmarks.md). With pages, W3 at -Xmx4g collects for 1.8 s instead of 3.4 s.
 *
 * <p>The pages are not handed on to the next task (as {@link SerializedSortBuffer}'s are): tried, W3
 * gained a little more, but W4 and W5 kept the last map tasks' pages idle through their reduce
 * stages (+80 MiB peak RSS, 4-8% slower).
 */
final class PagedOutput extends Output {
  private final List<byte[]> full = new ArrayList<>();
  private final List<Integer> fills = new ArrayList<>();
  private long fullBytes;
  private long held;

  PagedOutput(int firstPage) {
    super(firstPage, -1);
    held = firstPage;
  }

  @Override
  protected boolean require(int required) {
    if (capacity - position >= required) {
      return false;
    }
    full.add(buffer);
    fills.add(position);
    fullBytes += position;
    int next = Math.min(SerializedSortBuffer.MAX_PAGE, capacity * 2);
    byte[] page = new byte[Math.max(required, next)];
    held += page.length;
    buffer = page;
    capacity = page.length;
    maxCapacity = page.length;
    position = 0;
    return true;
  }

  /** Bytes written so far. */
  long size() {
    return fullBytes + position;
  }

  @Override
  public long total() {
    return size();
  }

  /** Bytes of the pages held (what the memory accounting counts). */
  long bytesHeld() {
    return held;
  }

  /** Writes the bytes written so far, in order, to {@code out}. */
  void writeTo(OutputStream out) throws IOException {
    for (int i = 0; i < full.size(); i++) {
      out.write(full.get(i), 0, fills.get(i));
    }
    out.write(buffer, 0, position);
  }
}
