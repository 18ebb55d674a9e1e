package io.spindle.serializer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.spindle.function.Pair;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Strings through the records' Kryo: every string comes back equal, whatever its chars and the buffers. */
class StringSerializerTest {
  private final KryoSerializer serializer = new KryoSerializer(getClass().getClassLoader());

  /** Strings that cover each path: empty, one char, ASCII, Latin-1, other BMP chars, pairs, lone surrogates, long. */
  private static List<String> samples() {
    List<String> samples = new ArrayList<>(List.of("", "a", "\u0000", "hello world", "caf\u00e9 \u00ff\u0080",
        "\u20ac", "\u65e5\u672c\u8a9e", "\ud83d\ude00 emoji", "lone \ud800 high", "lone \udfff low", "\ud800",
        "tab\tand\nnewline", "x".repeat(33), "\u00e9".repeat(100)));
    SplittableRandom random = new SplittableRandom(42);
    for (int length : new int[] {89, 4096, 70_000, 300_000}) {
      char[] latin1 = new char[length];
      char[] any = new char[length];
      for (int i = 0; i < length; i++) {
        latin1[i] = (char) random.nextInt(256);
        any[i] = (char) random.nextInt(Character.MAX_VALUE + 1); // includes unpaired surrogates
      }
      samples.add(new String(latin1));
      samples.add(new String(any));
    }
    return samples;
  }

  @Test
  void everyStringComesBackEqualThroughAnArrayBuffer() {
    Kryo kryo = serializer.borrow();
    List<String> samples = samples();
    Output out = new Output(16, -1); // small and growing: the copy path that writes through a temporary array too
    for (String s : samples) {
      kryo.writeClassAndObject(out, s);
      kryo.writeClassAndObject(out, Pair.of(s, null));
    }
    kryo.writeClassAndObject(out, samples.toArray(new String[0]));
    Input in = new Input(out.toBytes());
    for (String s : samples) {
      assertEquals(s, kryo.readClassAndObject(in));
      assertEquals(Pair.of(s, null), kryo.readClassAndObject(in));
    }
    assertArrayEquals(samples.toArray(new String[0]), (String[]) kryo.readClassAndObject(in));
    assertEquals(in.limit(), in.position(), "every byte read");
  }

  @Test
  void everyStringComesBackEqualThroughStreamsWithSmallBuffers() {
    Kryo kryo = serializer.borrow();
    List<String> samples = samples();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Output out = new Output(bytes, 64); // strings longer than the buffer: written in pieces
    for (String s : samples) {
      kryo.writeObjectOrNull(out, s, String.class);
      kryo.writeObjectOrNull(out, null, String.class);
    }
    out.close();
    Input in = new Input(new ByteArrayInputStream(bytes.toByteArray()), 64); // and read across refills
    for (String s : samples) {
      assertEquals(s, kryo.readObjectOrNull(in, String.class));
      assertEquals(null, kryo.readObjectOrNull(in, String.class));
    }
  }

  @Test
  void latin1StringsAreWrittenAsTheirBytes() {
    Kryo kryo = serializer.borrow();
    Output out = new Output(64, -1);
    kryo.writeObject(out, "abc");
    assertArrayEquals(new byte[] {6, 'a', 'b', 'c'}, out.toBytes());
    out.reset();
    kryo.writeObject(out, "\u00e9");
    assertArrayEquals(new byte[] {2, (byte) 0xe9}, out.toBytes());
    out.reset();
    kryo.writeObject(out, "\u20ac");
    assertEquals(1, out.toBytes()[0], "a non-Latin-1 string is marked and written in Kryo's format");
    assertEquals(Arrays.asList("abc"), List.of(kryo.readObject(new Input(new byte[] {6, 'a', 'b', 'c'}), String.class)));
  }
}
