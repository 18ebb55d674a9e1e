package io.spindle.shuffle.spill;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/**
 * Reads a {@link SpillRun} front to back: {@link #partition(int)} positions the cursor on a
 * partition's records; partitions must be asked for in increasing order (that is how merges walk).
 */
public final class SpillReader implements RecordCursor, AutoCloseable {
  private final SpillRun run;
  private final Kryo kryo;
  private final Input in;
  private int partition = -1;
  private long remaining;
  private Object key;
  private Object value;

  public SpillReader(SpillRun run, Kryo kryo) {
    this.run = run;
    this.kryo = kryo;
    try {
      java.io.InputStream file = Files.newInputStream(run.file());
      this.in = new Input(run.codec() == null ? file : run.codec().decompress(file), SpillWriter.BUFFER_BYTES);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read spill file " + run.file() + ": " + e.getMessage(), e);
    }
  }

  /** Positions on {@code p}'s records, skipping what is left of earlier partitions. */
  public SpillReader partition(int p) {
    if (p < partition) {
      throw new IllegalStateException("partition " + p + " after " + partition);
    }
    while (partition < p) {
      while (remaining > 0) { // skip unread records (rare: a consumer stopped early)
        advance();
      }
      partition++;
      remaining = run.records(partition);
    }
    return this;
  }

  @Override
  public boolean advance() {
    if (remaining == 0) {
      return false;
    }
    remaining--;
    key = kryo.readClassAndObject(in);
    value = kryo.readClassAndObject(in);
    return true;
  }

  @Override
  public Object key() {
    return key;
  }

  @Override
  public Object value() {
    return value;
  }

  @Override
  public void close() {
    in.close();
  }
}
