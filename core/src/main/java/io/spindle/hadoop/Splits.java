package io.spindle.hadoop;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.serializer.Deserializer;
import org.apache.hadoop.io.serializer.SerializationFactory;
import org.apache.hadoop.io.serializer.Serializer;

/**
 * An InputFormat's split as bytes, so a partition can carry it to the executor: Hadoop's own
 * serialization framework ({@code io.serializations}; Writable splits by default), as MapReduce
 * ships splits to its tasks.
 */
final class Splits {
  private Splits() {}

  @SuppressWarnings({"unchecked", "rawtypes"})
  static byte[] toBytes(Configuration conf, Object split) {
    try {
      Serializer serializer = new SerializationFactory(conf).getSerializer(split.getClass());
      if (serializer == null) {
        throw new IllegalArgumentException("No Hadoop serialization for the split class " + split.getClass().getName()
            + "; splits must be Writable (or handled by a class listed in io.serializations)");
      }
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      serializer.open(bytes);
      serializer.serialize(split);
      serializer.close();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot serialize the input split " + split, e);
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static Object fromBytes(Configuration conf, String className, byte[] bytes) {
    try {
      Class<?> cls = conf.getClassByName(className);
      Deserializer deserializer = new SerializationFactory(conf).getDeserializer(cls);
      deserializer.open(new ByteArrayInputStream(bytes));
      Object split = deserializer.deserialize(null);
      deserializer.close();
      return split;
    } catch (IOException | ClassNotFoundException e) {
      throw new IllegalStateException("Cannot read back the input split of class " + className, e);
    }
  }

  /** The split's hosts, best first, without duplicates; all kept, "localhost" too (local mode's executor host), as text input does. */
  static List<String> hosts(String[] locations) {
    List<String> out = new ArrayList<>();
    if (locations != null) {
      for (String h : locations) {
        if (h != null && !h.isEmpty() && !out.contains(h)) {
          out.add(h);
        }
      }
    }
    return out;
  }
}
