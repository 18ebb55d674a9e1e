package io.spindle.network;

import io.netty.channel.FileRegion;
import io.netty.util.AbstractReferenceCounted;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * A file region as {@link RecordCipher} records: reads up to a record's worth of the source region
 * at a time, seals it with the record number reserved for it when the region was written, and
 * writes it to the socket as the socket takes it. Holds one record in memory; {@link #count()} is
 * the sealed size, known in advance.
 */
final class SealedFileRegion extends AbstractReferenceCounted implements FileRegion {
  private final FileRegion source;
  private final RecordCipher sealer;
  private final long plainCount;
  private final long count;
  private long nextRecord;
  private long plainRead; // of the source's bytes, from its transferred() when wrapped
  private final long sourceStart;
  private long transferred;
  private ByteBuffer plain;
  private ByteBuffer record; // the sealed record being written; null before the first
  private final WritableByteChannel collector = new PlainCollector();

  SealedFileRegion(FileRegion source, RecordCipher sealer, long firstRecord) {
    this.source = source;
    this.sealer = sealer;
    this.sourceStart = source.transferred();
    this.plainCount = source.count() - sourceStart;
    this.count = RecordCipher.sealedSize(plainCount);
    this.nextRecord = firstRecord;
  }

  @Override
  public long position() {
    return 0;
  }

  @Override
  public long transferred() {
    return transferred;
  }

  @Override
  @Deprecated
  public long transfered() {
    return transferred;
  }

  @Override
  public long count() {
    return count;
  }

  @Override
  public long transferTo(WritableByteChannel target, long position) throws IOException {
    if (position != transferred) {
      throw new IllegalArgumentException("position " + position + ", transferred " + transferred);
    }
    long written = 0;
    while (transferred + written < count) {
      if (record == null || !record.hasRemaining()) {
        sealNextRecord();
      }
      int n = target.write(record);
      written += n;
      if (record.hasRemaining()) {
        break; // the socket is full for now
      }
    }
    transferred += written;
    return written;
  }

  private void sealNextRecord() throws IOException {
    int want = (int) Math.min(RecordCipher.MAX_PLAIN_BYTES, plainCount - plainRead);
    if (plain == null) {
      plain = ByteBuffer.allocate(RecordCipher.MAX_PLAIN_BYTES);
      record = ByteBuffer.allocate(RecordCipher.MAX_PLAIN_BYTES + RecordCipher.OVERHEAD);
    }
    plain.clear().limit(want);
    while (plain.hasRemaining()) {
      long got = source.transferTo(collector, sourceStart + plainRead + plain.position());
      if (got <= 0) {
        throw new IOException("The file region ended after " + (plainRead + plain.position()) + " of its "
            + plainCount + " bytes (was the file truncated?)");
      }
    }
    plainRead += want;
    plain.flip();
    record.clear();
    sealer.seal(nextRecord++, plain, record);
    record.flip();
  }

  /** The channel the source region writes into: fills {@link #plain} up to its limit. */
  private final class PlainCollector implements WritableByteChannel {
    @Override
    public int write(ByteBuffer src) {
      int n = Math.min(src.remaining(), plain.remaining());
      ByteBuffer part = src.duplicate();
      part.limit(part.position() + n);
      plain.put(part);
      src.position(src.position() + n);
      return n;
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public void close() {}
  }

  @Override
  public FileRegion retain() {
    super.retain();
    return this;
  }

  @Override
  public FileRegion retain(int increment) {
    super.retain(increment);
    return this;
  }

  @Override
  public FileRegion touch() {
    return this;
  }

  @Override
  public FileRegion touch(Object hint) {
    source.touch(hint);
    return this;
  }

  @Override
  protected void deallocate() {
    source.release();
  }
}
