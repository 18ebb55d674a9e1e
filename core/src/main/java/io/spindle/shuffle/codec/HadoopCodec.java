package io.spindle.shuffle.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.hadoop.io.compress.CompressionOutputStream;

/** A Hadoop codec class named in {@code spindle.io.compression.codec} (e.g. {@code org.apache.hadoop.io.compress.DefaultCodec}). */
final class HadoopCodec implements CompressionCodec {
  private final org.apache.hadoop.io.compress.CompressionCodec codec;

  HadoopCodec(org.apache.hadoop.io.compress.CompressionCodec codec) {
    this.codec = codec;
  }

  @Override
  public String name() {
    return codec.getClass().getName();
  }

  @Override
  public OutputStream compress(OutputStream out) throws IOException {
    CompressionOutputStream stream = codec.createOutputStream(new KeepOpenOutputStream(out));
    return new java.io.FilterOutputStream(stream) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        stream.finish();
        stream.close(); // closes the KeepOpenOutputStream only: a flush
      }
    };
  }

  @Override
  public InputStream decompress(InputStream in) throws IOException {
    return codec.createInputStream(in);
  }
}
