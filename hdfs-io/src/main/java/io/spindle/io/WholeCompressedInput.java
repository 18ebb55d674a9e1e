package io.spindle.io;

import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CodecPool;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.Decompressor;

/** A file compressed with a codec that cannot be split (gzip, …): one split owning all of it. */
final class WholeCompressedInput extends SplitInput {
  private final Path path;
  private final CompressionCodec codec;
  private final Decompressor decompressor;
  private final InputStream in;

  WholeCompressedInput(FileSystem fs, Path path, CompressionCodec codec, int bufferSize) throws IOException {
    this.path = path;
    this.codec = codec;
    InputStream raw = fs.open(path, bufferSize);
    this.decompressor = CodecPool.getDecompressor(codec);
    try {
      this.in = codec.createInputStream(raw, decompressor);
    } catch (IOException | RuntimeException e) {
      raw.close();
      CodecPool.returnDecompressor(decompressor);
      throw CompressedInputError.of(path, codec, e);
    }
  }

  @Override
  int read(byte[] buf) throws IOException {
    try {
      int n;
      do {
        n = in.read(buf, 0, buf.length);
      } while (n == 0);
      return n;
    } catch (IOException | RuntimeException e) {
      throw CompressedInputError.of(path, codec, e);
    }
  }

  @Override
  boolean lastChunkOwned() {
    return true;
  }

  @Override
  boolean startsMidFile() {
    return false;
  }

  @Override
  public void close() throws IOException {
    try {
      in.close();
    } finally {
      CodecPool.returnDecompressor(decompressor);
    }
  }
}
