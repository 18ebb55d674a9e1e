package io.spindle;

import io.spindle.function.SpindleException;
import io.spindle.function.Pair;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Broadcast variables: shipped once, deserialized once per executor JVM, unpersist and destroy. */
class BroadcastTest {
  private SpindleContext ctx;

  /** A lookup table that counts how often it is deserialized (local mode: one JVM). */
  static final class CountingTable implements Serializable {
    private static final long serialVersionUID = 1L;
    static final AtomicInteger DESERIALIZATIONS = new AtomicInteger();
    final HashMap<Integer, String> names = new HashMap<>();

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
      in.defaultReadObject();
      DESERIALIZATIONS.incrementAndGet();
    }
  }

  @BeforeEach
  void start() {
    ctx = new SpindleContext(new SpindleConf(false).setMaster("local[4]"));
    CountingTable.DESERIALIZATIONS.set(0);
  }

  @AfterEach
  void stop() {
    ctx.close();
  }

  private static CountingTable table(int n) {
    CountingTable t = new CountingTable();
    for (int i = 0; i < n; i++) {
      t.names.put(i, "name" + i);
    }
    return t;
  }

  private static List<Integer> range(int n) {
    List<Integer> xs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      xs.add(i);
    }
    return xs;
  }

  @Test
  void valueIsDeserializedOncePerExecutorNotPerTask() {
    CountingTable plain = table(100);
    Broadcast<CountingTable> bc = ctx.broadcast(plain);
    List<Integer> xs = range(5_000);
    Map<String, Long> expected = new TreeMap<>();
    for (int x : xs) {
      expected.merge(plain.names.get(x % 100) + "/" + plain.names.get((x * 7) % 100), 1L, Long::sum);
    }

    for (int job = 0; job < 3; job++) {
      // A new lineage each job: two stages (16 + 8 tasks), both reading the broadcast.
      Map<String, Long> counts = new TreeMap<>();
      for (Pair<String, Long> p : ctx.parallelize(xs, 16)
          .mapToPair(x -> Pair.of(x % 100, x))
          .mapToPair(p -> Pair.of(bc.value().names.get(p.key()) + "/" + bc.value().names.get((p.value() * 7) % 100), 1L))
          .reduceByKey(Long::sum, 8)
          .mapToPair(p -> Pair.of(p.key(), p.value() + (bc.value().names.size() - 100)))
          .collect()) {
        counts.put(p.key(), p.value());
      }
      assertEquals(expected, counts);
    }
    assertEquals(1, CountingTable.DESERIALIZATIONS.get(), "one executor JVM: one deserialization, not one per task");
    assertTrue(ctx.blockStore().isInMemory("broadcast_" + bc.id() + "_piece0"), "the serialized value is kept as a block");
    assertTrue(ctx.blockStore().isInMemory("broadcast_" + bc.id()), "the deserialized value is kept as a block");
    assertEquals(100, bc.value().names.size(), "the driver reads its own value");
    assertEquals(1, CountingTable.DESERIALIZATIONS.get());
  }

  @Test
  void unpersistDropsExecutorCopiesWhichAreFetchedAgain() {
    Broadcast<CountingTable> bc = ctx.broadcast(table(10));
    Rdd<String> named = ctx.parallelize(range(10), 5).map(x -> bc.value().names.get(x));
    assertEquals(List.of("name0", "name1", "name2", "name3", "name4", "name5", "name6", "name7", "name8", "name9"),
        named.collect());
    assertEquals(1, CountingTable.DESERIALIZATIONS.get());
    bc.unpersist();
    assertFalse(ctx.blockStore().isInMemory("broadcast_" + bc.id()));
    assertEquals(10, named.count());
    assertEquals(2, CountingTable.DESERIALIZATIONS.get());
  }

  @Test
  void destroyedBroadcastFailsClearly() {
    Broadcast<CountingTable> bc = ctx.broadcast(table(3));
    Rdd<String> named = ctx.parallelize(range(3), 3).map(x -> bc.value().names.get(x));
    assertEquals(List.of("name0", "name1", "name2"), named.collect());
    int destroyLine = new Throwable().getStackTrace()[0].getLineNumber() + 1;
    bc.destroy();
    String expected = "Attempted to use Broadcast(" + bc.id() + ") after it was destroyed (destroy at BroadcastTest.java:"
        + destroyLine + ")";
    assertFalse(bc.isValid());
    assertFalse(ctx.blockStore().isInMemory("broadcast_" + bc.id() + "_piece0"));
    assertFalse(ctx.blockStore().isInMemory("broadcast_" + bc.id()));

    SpindleException onDriver = assertThrows(SpindleException.class, bc::value);
    assertTrue(onDriver.getMessage().startsWith(expected), onDriver.getMessage());
    RuntimeException inJob = assertThrows(RuntimeException.class, named::collect);
    assertTrue(inJob.getMessage().contains(expected), inJob.getMessage());
    bc.destroy(); // idempotent
  }

  @Test
  void nullAndPlainValuesWork() {
    Broadcast<String> none = ctx.broadcast(null);
    Broadcast<List<String>> words = ctx.broadcast(new ArrayList<>(List.of("a", "b", "c")));
    assertEquals(List.of("null:a", "null:b", "null:c"),
        ctx.parallelize(List.of(0, 1, 2), 2).map(i -> none.value() + ":" + words.value().get(i)).collect());
  }

  @Test
  void valueThatIsNotSerializableIsRefusedAtBroadcast() {
    SpindleException e = assertThrows(SpindleException.class, () -> ctx.broadcast(new Object()));
    assertTrue(e.getMessage().contains("java.lang.Object") && e.getMessage().contains("not Serializable"), e.getMessage());
  }
}
