package io.spindle.shuffle.codec;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Passes writes through and turns {@code close()} into {@code flush()}: a codec's stream closes
 * this when its compressed data ends, and the map output writer's file stays open for the next
 * segment.
 */
final class KeepOpenOutputStream extends FilterOutputStream {
  KeepOpenOutputStream(OutputStream out) {
    super(out);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len); // FilterOutputStream would write byte by byte
  }

  @Override
  public void close() throws IOException {
    out.flush();
  }
}
