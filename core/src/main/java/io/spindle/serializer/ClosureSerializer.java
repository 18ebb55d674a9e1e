package io.spindle.serializer;

import io.spindle.function.TaskNotSerializableException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;

/**
 * Java serialization for stage bodies (RDD lineage + user functions) and task results. Lambdas
 * of Spindle's functional interfaces are serializable; what they capture must be too.
 */
public final class ClosureSerializer {
  private ClosureSerializer() {}

  /** Serializes {@code value}; names the offending class if something in it is not serializable. */
  public static byte[] serialize(Object value, String what) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    } catch (NotSerializableException e) {
      throw new TaskNotSerializableException("Task not serializable: " + what + " captures an object of class "
          + e.getMessage() + ", which is not Serializable. Make that class Serializable, mark the field"
          + " transient, or create the object inside the function instead of capturing it.", e);
    } catch (IOException | RuntimeException e) {
      throw new TaskNotSerializableException("Task not serializable: " + what + ": " + e, e);
    }
    return bytes.toByteArray();
  }

  /** Deserializes with {@code loader}, so classes of the user's jar resolve. */
  public static Object deserialize(byte[] bytes, ClassLoader loader) throws IOException, ClassNotFoundException {
    try (ObjectInputStream in = new LoaderObjectInputStream(new ByteArrayInputStream(bytes), loader)) {
      return in.readObject();
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
