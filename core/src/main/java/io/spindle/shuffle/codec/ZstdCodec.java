package io.spindle.shuffle.codec;

import com.github.luben.zstd.RecyclingBufferPool;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Zstandard frames of zstd-jni at level 1 (Spark's default level): smaller than lz4, a little
 * slower. Buffered on both sides because every call into the native library has a fixed cost.
 */
final class ZstdCodec implements CompressionCodec {
  static final int LEVEL = 1;
  private final int bufferSize;

  ZstdCodec(int bufferSize) {
    this.bufferSize = bufferSize;
  }

  @Override
  public String name() {
    return "zstd";
  }

  @Override
  public OutputStream compress(OutputStream out) throws IOException {
    return new BufferedOutputStream(
        new ZstdOutputStreamNoFinalizer(new KeepOpenOutputStream(out), RecyclingBufferPool.INSTANCE, LEVEL),
        bufferSize);
  }

  @Override
  public InputStream decompress(InputStream in) throws IOException {
    return new BufferedInputStream(new ZstdInputStreamNoFinalizer(in, RecyclingBufferPool.INSTANCE), bufferSize);
  }
}
