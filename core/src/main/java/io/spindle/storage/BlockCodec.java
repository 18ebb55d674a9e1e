package io.spindle.storage;

import io.spindle.function.TaskContext;
import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.spindle.serializer.KryoSerializer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Serialized form of a block's records: each record is a {@code 1} byte followed by the record
 * written with Kryo's writeClassAndObject; a {@code 0} byte ends the block. The framing byte lets
 * a reader stop without knowing the count in advance, so a partition can be streamed to disk.
 */
public final class BlockCodec {
  private static final int BUFFER = 64 * 1024;

  private BlockCodec() {}

  /** Writes all records to a growing in-memory buffer. */
  static byte[] toBytes(KryoSerializer serializer, Iterator<?> records) {
    Output out = new Output(BUFFER, -1);
    write(serializer, records, out);
    return out.toBytes();
  }

  /** Writes all records to {@code stream} (which the caller closes). */
  public static void write(KryoSerializer serializer, Iterator<?> records, OutputStream stream) {
    Output out = new Output(stream, BUFFER);
    write(serializer, records, out);
  }

  private static void write(KryoSerializer serializer, Iterator<?> records, Output out) {
    Kryo kryo = serializer.borrow();
    try {
      while (records.hasNext()) {
        out.writeByte(1);
        kryo.writeClassAndObject(out, records.next());
      }
      out.writeByte(0);
      out.flush();
    } finally {
      serializer.release(kryo);
    }
  }

  static <T> Iterator<T> read(KryoSerializer serializer, byte[] bytes) {
    return read(serializer, new ByteArrayInputStream(bytes));
  }

  /**
   * Reads records lazily from {@code stream}; the stream is closed and the Kryo instance returned
   * at the end, or when the running task ends if the reader stops early (e.g. {@code take}).
   */
  public static <T> Iterator<T> read(KryoSerializer serializer, InputStream stream) {
    RecordReader<T> reader = new RecordReader<>(serializer, stream);
    TaskContext tc = TaskContext.get();
    if (tc != null) {
      tc.addTaskCompletionListener(reader::close);
    }
    return reader;
  }

  private static final class RecordReader<T> implements Iterator<T> {
    private final KryoSerializer serializer;
    private final InputStream stream;
    private final Input in;
    private Kryo kryo;
    private boolean closed;
    private Boolean hasNext;

    RecordReader(KryoSerializer serializer, InputStream stream) {
      this.serializer = serializer;
      this.stream = stream;
      this.in = new Input(stream, BUFFER);
    }

    @Override
    public boolean hasNext() {
      if (hasNext == null) {
        if (closed) {
          return false;
        }
        hasNext = in.readByte() == 1;
        if (!hasNext) {
          close();
        }
      }
      return hasNext;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      hasNext = null;
      if (kryo == null) {
        kryo = serializer.borrow();
      }
      return (T) kryo.readClassAndObject(in);
    }

    void close() {
      if (closed) {
        return;
      }
      closed = true;
      if (kryo != null) {
        serializer.release(kryo);
        kryo = null;
      }
      try {
        stream.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
