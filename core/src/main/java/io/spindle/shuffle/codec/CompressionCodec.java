package io.spindle.shuffle.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A stream codec for shuffle segments and spill files. Every stream it makes is self-contained:
 * what one {@link #compress} stream wrote is decoded by one {@link #decompress} stream alone, so a
 * reduce partition's segment decodes without its neighbours.
 *
 * <p>A class named in {@code spindle.io.compression.codec} may implement this interface (public,
 * with a public no-argument constructor); a Hadoop {@code org.apache.hadoop.io.compress.CompressionCodec}
 * works too.
 */
public interface CompressionCodec {

  /** The name shown in logs and benchmark output ({@code lz4}, {@code zstd}, a class name). */
  String name();

  /**
   * Compresses what is written to the returned stream into {@code out}. Closing the returned stream
   * ends the compressed data (writes its end mark) and flushes {@code out} but leaves it open: the
   * caller owns {@code out}.
   */
  OutputStream compress(OutputStream out) throws IOException;

  /** Decompresses what one {@link #compress} stream wrote; closing it closes {@code in}. */
  InputStream decompress(InputStream in) throws IOException;
}
