package io.spindle.hadoop;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The object-file format of Spark's {@code saveAsObjectFile}: a SequenceFile of
 * {@code (NullWritable, BytesWritable)} whose values are Java-serialized arrays of up to ten
 * elements. Elements must be Serializable; classes are resolved through the thread's context
 * class loader (the application's jar).
 */
public final class ObjectFiles {
  /** Elements per record, as Spark groups them. */
  public static final int BATCH = 10;

  private ObjectFiles() {}

  public static <T> Iterator<Object[]> batches(Iterator<T> elements) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return elements.hasNext();
      }

      @Override
      public Object[] next() {
        List<Object> batch = new ArrayList<>(BATCH);
        while (batch.size() < BATCH && elements.hasNext()) {
          batch.add(elements.next());
        }
        return batch.toArray();
      }
    };
  }

  public static byte[] serialize(Object[] batch) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(batch);
    } catch (IOException e) {
      throw new UncheckedIOException("saveAsObjectFile: cannot serialize an element (elements must be Serializable)", e);
    }
    return bytes.toByteArray();
  }

  @SuppressWarnings("unchecked")
  public static <T> Iterator<T> deserialize(byte[] bytes) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    try (ObjectInputStream in = new LoaderObjectInputStream(new ByteArrayInputStream(bytes), loader)) {
      Object[] batch = (Object[]) in.readObject();
      List<T> out = new ArrayList<>(batch.length);
      for (Object o : batch) {
        out.add((T) o);
      }
      return out.iterator();
    } catch (IOException | ClassNotFoundException e) {
      throw new IllegalStateException("objectFile: a record is not a serialized object batch (" + e + ")", e);
    }
  }

  private static final class LoaderObjectInputStream extends ObjectInputStream {
    private final ClassLoader loader;

    LoaderObjectInputStream(InputStream in, ClassLoader loader) throws IOException {
      super(in);
      this.loader = loader;
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
      try {
        return Class.forName(desc.getName(), false, loader);
      } catch (ClassNotFoundException e) {
        return super.resolveClass(desc);
      }
    }
  }
}
