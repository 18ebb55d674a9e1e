package io.spindle.io;

import java.io.IOException;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CodecPool;
import org.apache.hadoop.io.compress.Decompressor;
import org.apache.hadoop.io.compress.SplitCompressionInputStream;
import org.apache.hadoop.io.compress.SplittableCompressionCodec;
import org.apache.hadoop.io.compress.SplittableCompressionCodec.READ_MODE;

/**
 * A split of a file in a block-compressed format (bzip2), read in Hadoop's BYBLOCK mode.
 *
 * <p>The split {@code [start, end)} (compressed offsets) owns the compressed blocks whose start
 * marker lies in it; the file's first block counts as starting at 0. The stream opened at
 * {@code start} begins at the first marker at or after it and reports, through {@code getPos()},
 * that marker's offset; later, it reports {@code marker + 1} exactly on the read that returns the
 * first byte of the next block, and a read never mixes bytes of two blocks. So each chunk's
 * owner is known precisely, and the next split, opened at {@code end}, starts at the first block
 * this one does not own.
 */
final class BlockCompressedInput extends SplitInput {
  private final Path path;
  private final SplittableCompressionCodec codec;
  private final Decompressor decompressor;
  private final SplitCompressionInputStream in;
  private final long end;
  private final boolean midFile;
  /** Compressed offset of the marker of the block the last chunk came from. */
  private long blockStart;
  private long lastPos;

  BlockCompressedInput(FileSystem fs, Path path, SplittableCompressionCodec codec, long start, long end,
      int bufferSize) throws IOException {
    this.path = path;
    this.codec = codec;
    this.end = end;
    this.midFile = start > 0;
    FSDataInputStream raw = fs.open(path, bufferSize);
    this.decompressor = CodecPool.getDecompressor(codec);
    try {
      this.in = codec.createInputStream(raw, decompressor, start, end, READ_MODE.BYBLOCK);
    } catch (IOException | RuntimeException e) {
      raw.close();
      CodecPool.returnDecompressor(decompressor);
      throw CompressedInputError.of(path, codec, e);
    }
    this.lastPos = in.getPos();
    this.blockStart = midFile ? lastPos : 0;
  }

  @Override
  int read(byte[] buf) throws IOException {
    try {
      int n;
      do {
        n = in.read(buf, 0, buf.length); // offset must be 0: the codec's one-byte read assumes it
      } while (n == 0);
      long pos = in.getPos();
      if (pos != lastPos) {
        blockStart = pos - 1;
        lastPos = pos;
      }
      return n;
    } catch (IOException | RuntimeException e) {
      throw CompressedInputError.of(path, codec, e);
    }
  }

  @Override
  boolean lastChunkOwned() {
    return blockStart < end;
  }

  @Override
  boolean startsMidFile() {
    return midFile;
  }

  @Override
  boolean ownsNothing() {
    return blockStart >= end;
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
