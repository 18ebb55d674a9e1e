package io.spindle.shuffle.spill;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Output;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes one {@link SpillRun}: records with Kryo (writeClassAndObject key, value), partition by
 * partition in increasing order. Counts are kept per partition, so a reader knows where a
 * partition's records end without framing.
 */
public final class SpillWriter implements AutoCloseable {
  static final int BUFFER_BYTES = 64 * 1024;

  private final Path file;
  private final Kryo kryo;
  private final Output out;
  private final long[] records;
  private int partition;
  private boolean closed;

  public SpillWriter(Path file, Kryo kryo, int numPartitions) {
    this.file = file;
    this.kryo = kryo;
    this.records = new long[numPartitions];
    try {
      this.out = new Output(Files.newOutputStream(file), BUFFER_BYTES);
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

  /** Flushes and closes the file; the run it returns is ready to read. */
  public SpillRun finish() {
    close();
    return new SpillRun(file, records, out.total());
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      out.close(); // KryoException (wrapping the IOException) if the disk is full
    }
  }
}
