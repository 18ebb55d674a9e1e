package io.spindle.shuffle.spill;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Output;
import io.spindle.shuffle.codec.CompressionCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes one {@link SpillRun}: records with Kryo (writeClassAndObject key, value), partition by
 * partition in increasing order. Counts are kept per partition, so a reader knows where a
 * partition's records end without framing. With a codec the whole file is one compressed stream
 * (runs are always read front to back).
 */
public final class SpillWriter implements AutoCloseable {
  static final int BUFFER_BYTES = 64 * 1024;

  private final Path file;
  private final Kryo kryo;
  private final Output out;
  private final CompressionCodec codec;
  private final long[] records;
  private int partition;
  private boolean closed;

  public SpillWriter(Path file, Kryo kryo, int numPartitions) {
    this(file, kryo, numPartitions, null);
  }

  /** @param codec compresses the file ({@link SpillFiles#codec}), or null */
  public SpillWriter(Path file, Kryo kryo, int numPartitions, CompressionCodec codec) {
    this.file = file;
    this.kryo = kryo;
    this.records = new long[numPartitions];
    this.codec = codec;
    try {
      java.io.OutputStream stream = Files.newOutputStream(file);
      this.out = new Output(codec == null ? stream : new CodecFileStream(codec, stream), BUFFER_BYTES);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create spill file " + file + ": " + e.getMessage()
          + "; check free space in spindle.local.dir", e);
    }
  }

  /** Appends a record of {@code partition}; partitions must come in non-decreasing order. */
  public void write(int partition, Object key, Object value) {
    if (partition < this.partition) {
      throw new IllegalStateException("partition " + partition + " after " + this.partition);
    }
    this.partition = partition;
    kryo.writeClassAndObject(out, key);
    kryo.writeClassAndObject(out, value);
    records[partition]++;
  }

  /**
   * Appends a record already serialized as {@link #write} would (Kryo key then value), copying its
   * bytes; partitions must come in non-decreasing order.
   */
  public void writeSerialized(int partition, byte[] bytes, int offset, int length) {
    if (partition < this.partition) {
      throw new IllegalStateException("partition " + partition + " after " + this.partition);
    }
    this.partition = partition;
    out.writeBytes(bytes, offset, length);
    records[partition]++;
  }

  /** Flushes and closes the file; the run it returns is ready to read. */
  public SpillRun finish() {
    close();
    if (codec == null) {
      return new SpillRun(file, records, out.total());
    }
    try {
      return new SpillRun(file, records, Files.size(file), codec);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot stat spill file " + file + ": " + e.getMessage(), e);
    }
  }

  /** The codec's stream over the file; closing it ends the compressed data, then closes the file. */
  private static final class CodecFileStream extends java.io.FilterOutputStream {
    private final java.io.OutputStream file;

    CodecFileStream(CompressionCodec codec, java.io.OutputStream file) throws IOException {
      super(codec.compress(file));
      this.file = file;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      try {
        out.close();
      } finally {
        file.close();
      }
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      out.close(); // KryoException (wrapping the IOException) if the disk is full
    }
  }
}
