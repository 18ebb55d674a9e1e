package io.spindle.shuffle.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import net.jpountz.lz4.LZ4BlockInputStream;
import net.jpountz.lz4.LZ4BlockOutputStream;
import net.jpountz.lz4.LZ4Factory;

/**
 * LZ4 block streams of lz4-java (Spark's default codec, same block size: 32 KiB). Blocks carry an
 * xxHash checksum of their uncompressed bytes; the decompressor is lz4-java's safe one (the bytes
 * come from disk and the network).
 */
final class Lz4Codec implements CompressionCodec {
  static final int BLOCK_SIZE = 32 * 1024;
  private static final LZ4Factory FACTORY = LZ4Factory.fastestInstance();

  @Override
  public String name() {
    return "lz4";
  }

  @Override
  public OutputStream compress(OutputStream out) {
    return new LZ4BlockOutputStream(new KeepOpenOutputStream(out), BLOCK_SIZE, FACTORY.fastCompressor());
  }

  @Override
  public InputStream decompress(InputStream in) throws IOException {
    return LZ4BlockInputStream.newBuilder().withDecompressor(FACTORY.safeDecompressor()).build(in);
  }
}
