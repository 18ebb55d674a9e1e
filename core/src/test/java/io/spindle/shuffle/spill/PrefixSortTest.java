package io.spindle.shuffle.spill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.esotericsoftware.kryo.Kryo;
import io.spindle.SpindleConf;
import io.spindle.env.ExecutorEnv;
import io.spindle.function.Pair;
import io.spindle.memory.UnifiedMemoryManager;
import io.spindle.rdd.KeyOrderings;
import io.spindle.serializer.KryoSerializer;
import io.spindle.task.EngineTaskContext;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ExternalSorter} on its binary-prefix path ({@link SerializedSortBuffer}: natural orderings
 * of String, Integer, Long and Double keys) and on the paths around it, each against the
 * reference, a plain {@link List#sort} with the same ordering: keys in the same order and, per key,
 * the same values (equal keys come in no particular order). Memory is a small execution region, so
 * the sorter spills by what it holds; a task's memory is all given back and its spill files are
 * deleted when it ends.
 */
class PrefixSortTest {
  private static final Comparator<Object> NATURAL = KeyOrderings.natural();
  private static final Comparator<Object> DESCENDING = KeyOrderings.reverse(NATURAL);

  @TempDir
  Path localDir;

  private final KryoSerializer serializer = new KryoSerializer(getClass().getClassLoader());
  private final List<EngineTaskContext> tasks = new ArrayList<>();
  private long nextTaskId = 1;

  @AfterEach
  void endTasks() {
    tasks.forEach(EngineTaskContext::complete);
  }

  private EngineTaskContext task(long regionBytes) {
    SpindleConf conf = new SpindleConf(false).set("spindle.shuffle.spill.initialMemory", "4k");
    UnifiedMemoryManager memory = new UnifiedMemoryManager(regionBytes, 0, 1.0, 0.5);
    ExecutorEnv env = new ExecutorEnv("1", "localhost", conf, null, serializer, new Path[] {localDir}, null, null,
        memory);
    EngineTaskContext context = new EngineTaskContext(0, 0, 0, nextTaskId++, env);
    tasks.add(context);
    return context;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private <K, V> List<Pair<K, V>> sort(EngineTaskContext context, List<Pair<K, V>> input, Comparator ordering) {
    Kryo kryo = serializer.borrow();
    try {
      ExternalSorter<K, V> sorter = new ExternalSorter<>(context, ordering, kryo);
      input.forEach(sorter::insert);
      List<Pair<K, V>> out = new ArrayList<>();
      sorter.sortedIterator().forEachRemaining(out::add);
      return out;
    } finally {
      serializer.release(kryo);
    }
  }

  /** Sorts in a task with {@code regionBytes} of memory, checks against the reference; returns the spill count. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private <K, V> long assertSortsLikeTheReference(List<Pair<K, V>> input, Comparator ordering, long regionBytes,
      Function<V, String> valueText) {
    EngineTaskContext context = task(regionBytes);
    List<Pair<K, V>> actual = sort(context, input, ordering);
    List<Pair<K, V>> expected = new ArrayList<>(input);
    expected.sort((a, b) -> ordering.compare(a.key(), b.key()));
    assertEquals(expected.size(), actual.size(), "records");
    // Runs of equal keys: same keys in the same order, and the same values (as a sorted multiset).
    int i = 0;
    while (i < expected.size()) {
      int j = i + 1;
      while (j < expected.size() && ordering.compare(expected.get(i).key(), expected.get(j).key()) == 0) {
        j++;
      }
      for (int k = i; k < j; k++) {
        K want = expected.get(i).key();
        K got = actual.get(k).key();
        assertTrue(java.util.Objects.equals(want, got) || (want != null && got != null && ordering.compare(want, got) == 0),
            "key at " + k + ": expected " + expected.get(k).key() + ", got " + actual.get(k).key());
      }
      assertEquals(values(expected.subList(i, j), valueText), values(actual.subList(i, j), valueText),
          "values of key " + expected.get(i).key());
      i = j;
    }
    assertTrue(context.metrics().peakExecutionMemory() <= regionBytes);
    assertEquals(0, context.env().memoryManager().executionMemoryUsed(), "memory given back once read");
    long spills = context.metrics().spillCount();
    context.complete();
    assertEquals(List.of(), spillFiles(), "spill files deleted at task end");
    return spills;
  }

  private static <K, V> List<String> values(List<Pair<K, V>> records, Function<V, String> valueText) {
    return records.stream().map(r -> valueText.apply(r.value())).sorted().collect(Collectors.toList());
  }

  private List<Path> spillFiles() {
    try (Stream<Path> files = Files.walk(localDir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".spill")).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String randomString(Random random, int maxLength) {
    StringBuilder b = new StringBuilder();
    int n = random.nextInt(maxLength + 1);
    for (int i = 0; i < n; i++) {
      switch (random.nextInt(6)) {
        case 0 -> b.append((char) random.nextInt(0x10000)); // any char, lone surrogates included
        case 1 -> b.appendCodePoint(0x10000 + random.nextInt(0x1000)); // a surrogate pair
        case 2 -> b.append('\u0000');
        default -> b.append((char) ('a' + random.nextInt(4)));
      }
    }
    return b.toString();
  }

  @Test
  void emptyInputAndOneRecord() {
    for (Comparator<Object> ordering : List.of(NATURAL, DESCENDING)) {
      assertSortsLikeTheReference(List.<Pair<String, Integer>>of(), ordering, 1 << 20, String::valueOf);
      assertSortsLikeTheReference(List.of(Pair.of("only", 1)), ordering, 1 << 20, String::valueOf);
      assertSortsLikeTheReference(List.of(Pair.of(-7, "v")), ordering, 1 << 20, v -> v);
    }
  }

  @Test
  void equalPrefixesWithDifferentTailsAreOrderedByTheWholeKey() {
    String[] tails = {"", "\u0000", "0", "1", "10", "\uFFFF", "😀", "a", "aa", "b"};
    Random random = new Random(1);
    List<Pair<String, Integer>> input = new ArrayList<>();
    for (int i = 0; i < 4_000; i++) {
      String head = random.nextBoolean() ? "abcd" : random.nextBoolean() ? "abc" : "ab\u0000\u0000";
      input.add(Pair.of(head + tails[random.nextInt(tails.length)] + tails[random.nextInt(tails.length)], i));
    }
    for (Comparator<Object> ordering : List.of(NATURAL, DESCENDING)) {
      assertSortsLikeTheReference(input, ordering, 64 << 20, String::valueOf);
      assertTrue(assertSortsLikeTheReference(input, ordering, 48 << 10, String::valueOf) > 0, "spills");
    }
  }

  @Test
  void unicodeAndSurrogatesInStringKeys() {
    Random random = new Random(2);
    List<Pair<String, String>> input = new ArrayList<>();
    for (int i = 0; i < 6_000; i++) {
      input.add(Pair.of(randomString(random, 7), randomString(random, 20)));
    }
    for (Comparator<?> ordering : List.of(NATURAL, DESCENDING, Comparator.naturalOrder(), Comparator.reverseOrder())) {
      assertSortsLikeTheReference(input, ordering, 64 << 20, v -> v);
      assertTrue(assertSortsLikeTheReference(input, ordering, 64 << 10, v -> v) > 0, "spills");
    }
  }

  @Test
  void negativeAndExtremeNumbers() {
    Random random = new Random(3);
    List<Pair<Integer, Integer>> ints = new ArrayList<>();
    List<Pair<Long, Integer>> longs = new ArrayList<>();
    List<Pair<Double, Integer>> doubles = new ArrayList<>();
    double[] special = {Double.NaN, -0.0, 0.0, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, -Double.MIN_VALUE};
    for (int i = 0; i < 5_000; i++) {
      ints.add(Pair.of(i % 50 == 0 ? Integer.MIN_VALUE : i % 51 == 0 ? Integer.MAX_VALUE
          : random.nextInt(2_000) - 1_000, i));
      longs.add(Pair.of(i % 40 == 0 ? Long.MIN_VALUE : random.nextLong() >> random.nextInt(64), i));
      doubles.add(Pair.of(i % 7 == 0 ? special[random.nextInt(special.length)] : random.nextGaussian() * 1e6, i));
    }
    for (Comparator<Object> ordering : List.of(NATURAL, DESCENDING)) {
      assertSortsLikeTheReference(ints, ordering, 64 << 20, String::valueOf);
      assertSortsLikeTheReference(longs, ordering, 64 << 20, String::valueOf);
      assertSortsLikeTheReference(doubles, ordering, 64 << 20, String::valueOf);
      assertTrue(assertSortsLikeTheReference(ints, ordering, 32 << 10, String::valueOf) > 0, "spills");
      assertTrue(assertSortsLikeTheReference(doubles, ordering, 32 << 10, String::valueOf) > 0, "spills");
    }
  }

  @Test
  void keysOutsideTheRangeTheBucketsWereCutFor() {
    // The first LEARN keys span a narrow range; later ones fall below, inside and above it (pages by key
    // range only place records; the order must not depend on it).
    Random random = new Random(8);
    List<Pair<Long, Integer>> numbers = new ArrayList<>();
    List<Pair<String, Integer>> strings = new ArrayList<>();
    for (int i = 0; i < 3 * SerializedSortBuffer.LEARN; i++) {
      boolean learning = i < SerializedSortBuffer.LEARN;
      numbers.add(Pair.of(learning ? 1_000 + random.nextInt(10) : random.nextLong() >> random.nextInt(64), i));
      strings.add(Pair.of(learning ? "m" + random.nextInt(10) : randomString(random, 4), i));
    }
    for (Comparator<Object> ordering : List.of(NATURAL, DESCENDING)) {
      assertSortsLikeTheReference(numbers, ordering, 64 << 20, String::valueOf);
      assertSortsLikeTheReference(strings, ordering, 64 << 20, String::valueOf);
    }
    List<Pair<Integer, Integer>> same = new ArrayList<>(); // one prefix for all: one bucket
    for (int i = 0; i < 2 * SerializedSortBuffer.LEARN; i++) {
      same.add(Pair.of(i < SerializedSortBuffer.LEARN ? 7 : random.nextInt(), i));
    }
    assertSortsLikeTheReference(same, NATURAL, 64 << 20, String::valueOf);
  }

  @Test
  void aUsersComparatorSortsObjects() {
    Comparator<String> byLengthThenText = (Comparator<String> & Serializable) (a, b) ->
        a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
    Random random = new Random(4);
    List<Pair<String, Integer>> input = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      input.add(Pair.of(randomString(random, 5), i));
    }
    assertSortsLikeTheReference(input, byLengthThenText, 64 << 20, String::valueOf);
    assertSortsLikeTheReference(input, KeyOrderings.reverse(byLengthThenText), 64 << 20, String::valueOf);
    assertTrue(assertSortsLikeTheReference(input, byLengthThenText, 64 << 10, String::valueOf) > 0, "spills");
  }

  @Test
  void manySpillsUnderATinyMemoryLimitWithSkew() {
    Random random = new Random(5);
    List<Pair<String, String>> input = new ArrayList<>();
    for (int i = 0; i < 30_000; i++) {
      String key = random.nextInt(4) == 0 ? "hot-key" : "k" + random.nextInt(5_000);
      input.add(Pair.of(key, "value-" + i));
    }
    long spills = assertSortsLikeTheReference(input, NATURAL, 16 << 10, v -> v);
    assertTrue(spills > 20, "a 16 KiB region spills often, got " + spills);
  }

  @Test
  void recordsLargerThanAPageInMemoryAndSpilled() {
    Random random = new Random(6);
    List<Pair<String, byte[]>> input = new ArrayList<>();
    for (int i = 0; i < 80; i++) {
      int size = i % 10 == 0 ? (1 << 20) + random.nextInt(1 << 20) : random.nextInt(5_000); // big: over a page
      byte[] value = new byte[size];
      random.nextBytes(value);
      input.add(Pair.of("big-" + random.nextInt(30), value));
    }
    Function<byte[], String> digest = v -> v.length + ":" + Arrays.hashCode(v);
    assertEquals(0, assertSortsLikeTheReference(input, NATURAL, 256L << 20, digest));
    assertTrue(assertSortsLikeTheReference(input, NATURAL, 4L << 20, digest) > 0, "spills");
  }

  @Test
  void aKeyWithoutAPrefixMovesTheBufferToObjects() {
    // A null key after prefixed ones: the sorter goes on with objects, so the ordering sees the null key
    // (natural ordering rejects it, as it always did); a comparator that places nulls sorts them.
    List<Pair<String, Integer>> withNull = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      withNull.add(Pair.of("k" + (i * 7 % 100), i));
    }
    withNull.add(Pair.of(null, -1));
    EngineTaskContext context = task(64 << 20);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sort(context, withNull, NATURAL));
    assertTrue(e.getMessage().contains("null key"), e.getMessage());
    assertThrows(NullPointerException.class, () -> sort(task(64 << 20), withNull, Comparator.naturalOrder()));
    // A lone null key is never compared, with or without prefixes around.
    assertSortsLikeTheReference(List.of(Pair.of((String) null, 1)), NATURAL, 1 << 20, String::valueOf);
    // Keys of a class without a prefix sort as objects by their natural ordering.
    List<Pair<java.math.BigInteger, Integer>> big = new ArrayList<>();
    Random random = new Random(7);
    for (int i = 0; i < 3_000; i++) {
      big.add(Pair.of(new java.math.BigInteger(70, random).subtract(java.math.BigInteger.ONE.shiftLeft(69)), i));
    }
    assertSortsLikeTheReference(big, DESCENDING, 64 << 20, String::valueOf);
    assertTrue(assertSortsLikeTheReference(big, NATURAL, 32 << 10, String::valueOf) > 0, "spills");
  }
}
