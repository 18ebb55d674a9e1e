package io.spindle.shuffle.spill;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.spindle.serializer.KryoSerializer;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link PagedOutput} writes exactly the bytes Kryo's own growing {@link Output} writes for the same
 * records — records spanning pages, records larger than a page, unicode, nothing at all — and Kryo
 * reads the records back from them; what it holds is its pages, without doubled copies.
 */
class PagedOutputTest {
  private final KryoSerializer serializer = new KryoSerializer(getClass().getClassLoader());

  private static List<Object> records(int n, long seed) {
    Random random = new Random(seed);
    List<Object> records = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      switch (i % 5) {
        case 0 -> records.add("word-" + random.nextInt(1_000_000));
        case 1 -> records.add(random.nextLong());
        case 2 -> records.add("ünïcødé ✓ " + i);
        case 3 -> records.add(i % 1_000 == 3 ? "x".repeat(SerializedSortBuffer.MAX_PAGE * 2 + 5) : "k" + i);
        default -> records.add(new byte[random.nextInt(300)]);
      }
    }
    return records;
  }

  private byte[] written(List<Object> records, Output out) throws Exception {
    Kryo kryo = serializer.borrow();
    try {
      for (Object r : records) {
        kryo.writeClassAndObject(out, r);
      }
    } finally {
      serializer.release(kryo);
    }
    if (out instanceof PagedOutput paged) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      paged.writeTo(bytes);
      assertEquals(bytes.size(), paged.size());
      assertEquals(bytes.size(), paged.total());
      return bytes.toByteArray();
    }
    return out.toBytes();
  }

  @Test
  void writesWhatKryosOwnOutputWritesAndReadsBack() throws Exception {
    for (int n : new int[] {0, 1, 5_000}) {
      List<Object> records = records(n, n);
      PagedOutput paged = new PagedOutput(1024);
      byte[] pagedBytes = written(records, paged);
      byte[] reference = written(records, new Output(1024, -1));
      assertArrayEquals(reference, pagedBytes, n + " records");
      if (n == 5_000) {
        assertTrue(paged.bytesHeld() >= pagedBytes.length, "held " + paged.bytesHeld());
        assertTrue(paged.bytesHeld() < pagedBytes.length + 4L * SerializedSortBuffer.MAX_PAGE,
            "pages, not doubled copies: held " + paged.bytesHeld() + " for " + pagedBytes.length);
      }
      Kryo kryo = serializer.borrow();
      try {
        Input in = new Input(pagedBytes);
        for (Object expected : records) {
          Object actual = kryo.readClassAndObject(in);
          if (expected instanceof byte[] b) {
            assertArrayEquals(b, (byte[]) actual);
          } else {
            assertEquals(expected, actual);
          }
        }
        assertEquals(pagedBytes.length, in.position(), "nothing more");
      } finally {
        serializer.release(kryo);
      }
    }
  }
}
