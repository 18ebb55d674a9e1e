package io.spindle.shuffle.spill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.rdd.KeyOrderings;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link KeyPrefix} against the keys' own compareTo (the reference): for every pair of keys, a
 * smaller prefix means a smaller key, and for whole-key kinds equal prefixes mean equal keys; in
 * both directions. {@link PrefixRadixSort} against {@link Arrays#sort}. And which orderings the
 * sorter recognises as natural (so it may use prefixes) and which it must leave to the comparator.
 */
class KeyPrefixTest {

  private static List<String> strings() {
    List<String> s = new ArrayList<>(List.of("", "\u0000", "\u0000\u0000\u0000\u0000\u0000", "a", "a\u0000", "ab",
        "abc", "abcd", "abcd\u0000", "abcde", "abcdf", "abce", "b", "zzzz", "\u007f", "\u0080", "\u00ff", "\u0100",
        "é", "e\u0301", "ß", "日本", "日本語", "😀", "😀 smile", "\uD800\uDC00", "\uD7FF", "\uE000", "\uFFFF",
        "\uFFFF\uFFFF\uFFFF\uFFFF", "\uFFFF\uFFFF\uFFFF\uFFFF\uFFFF", "ärger", "Zebra", "zebra"));
    Random random = new Random(1);
    for (int i = 0; i < 300; i++) {
      StringBuilder b = new StringBuilder();
      int n = random.nextInt(7);
      for (int j = 0; j < n; j++) {
        int kind = random.nextInt(4);
        b.append(kind == 0 ? (char) ('a' + random.nextInt(3)) : kind == 1 ? (char) random.nextInt(0x10000)
            : kind == 2 ? (char) (0xD800 + random.nextInt(0x800)) : '\u0000');
      }
      s.add(b.toString());
    }
    return s;
  }

  private static List<Integer> ints() {
    List<Integer> v = new ArrayList<>(List.of(Integer.MIN_VALUE, Integer.MIN_VALUE + 1, -65536, -256, -1, 0, 1, 255,
        256, 65535, Integer.MAX_VALUE - 1, Integer.MAX_VALUE));
    new Random(2).ints(200).forEach(v::add);
    return v;
  }

  private static List<Long> longs() {
    List<Long> v = new ArrayList<>(List.of(Long.MIN_VALUE, Long.MIN_VALUE + 1, -1L, 0L, 1L, (long) Integer.MAX_VALUE,
        (long) Integer.MIN_VALUE, Long.MAX_VALUE - 1, Long.MAX_VALUE));
    new Random(3).longs(200).forEach(v::add);
    return v;
  }

  private static List<Double> doubles() {
    List<Double> v = new ArrayList<>(List.of(Double.NEGATIVE_INFINITY, -Double.MAX_VALUE, -1.5, -1.0, -Double.MIN_VALUE,
        -0.0, 0.0, Double.MIN_VALUE, 1.0, 1.5, Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NaN,
        Double.longBitsToDouble(0x7ff0000000000001L), Double.longBitsToDouble(0xfff8000000000000L)));
    Random random = new Random(4);
    for (int i = 0; i < 200; i++) {
      v.add((random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(40) - 20));
    }
    return v;
  }

  /** Every pair: prefix order agrees with compareTo, in both directions. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void assertOrderPreserving(KeyPrefix kind, List<? extends Comparable> keys) {
    for (Comparable a : keys) {
      assertEquals(kind, KeyPrefix.forKey(a));
      for (Comparable b : keys) {
        int expected = Integer.signum(a.compareTo(b));
        for (int direction : new int[] {1, -1}) {
          int byPrefix = Integer.signum(Long.compare(kind.prefix(a, direction), kind.prefix(b, direction)));
          if (byPrefix != 0) {
            assertEquals(direction * expected, byPrefix, kind + " prefixes of " + a + " and " + b);
          } else if (kind.wholeKey) {
            assertEquals(0, expected, kind + ": equal prefixes of unequal keys " + a + " and " + b);
          }
        }
      }
    }
  }

  @Test
  void stringPrefixesOrderLikeCompareToIncludingSurrogatesAndPadding() {
    assertOrderPreserving(KeyPrefix.STRING, strings());
    // 4 chars are told apart by the prefix alone; a tie needs the comparator.
    assertTrue(KeyPrefix.STRING.prefix("abc", 1) < KeyPrefix.STRING.prefix("abd", 1));
    assertEquals(KeyPrefix.STRING.prefix("abcd1", 1), KeyPrefix.STRING.prefix("abcd0", 1));
    assertTrue(KeyPrefix.STRING.prefix("\uFFFF", 1) > KeyPrefix.STRING.prefix("\u7FFF", 1), "chars are unsigned");
  }

  @Test
  void numberPrefixesAreTheWholeKey() {
    assertOrderPreserving(KeyPrefix.INTEGER, ints());
    assertOrderPreserving(KeyPrefix.LONG, longs());
    assertOrderPreserving(KeyPrefix.DOUBLE, doubles());
  }

  @Test
  void keysWithoutAKind() {
    assertNull(KeyPrefix.forKey(null));
    assertNull(KeyPrefix.forKey(new java.math.BigInteger("5")));
    assertNull(KeyPrefix.forKey((short) 5));
    assertNull(KeyPrefix.forKey(new StringBuilder("a")));
    assertEquals(false, KeyPrefix.STRING.accepts(null));
    assertEquals(false, KeyPrefix.INTEGER.accepts(5L));
  }

  private static Object roundTrip(Object o) throws IOException, ClassNotFoundException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(o);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return in.readObject();
    }
  }

  @Test
  void naturalOrderingsAreRecognisedAlsoAfterTravellingToATask() throws Exception {
    Comparator<Object> natural = KeyOrderings.natural();
    assertEquals(1, KeyPrefix.direction(natural));
    assertEquals(-1, KeyPrefix.direction(KeyOrderings.reverse(natural)));
    assertEquals(1, KeyPrefix.direction(KeyOrderings.reverse(KeyOrderings.reverse(natural))));
    assertEquals(1, KeyPrefix.direction((Comparator<?>) roundTrip(natural)));
    assertEquals(-1, KeyPrefix.direction((Comparator<?>) roundTrip(KeyOrderings.reverse(natural))));
    assertEquals(1, KeyPrefix.direction(Comparator.naturalOrder()));
    assertEquals(-1, KeyPrefix.direction(Comparator.reverseOrder()));
    assertEquals(-1, KeyPrefix.direction(KeyOrderings.reverse(Comparator.<String>naturalOrder())));
    assertEquals(1, KeyPrefix.direction(KeyOrderings.reverse(Comparator.<String>reverseOrder())));
  }

  @Test
  void otherOrderingsAreLeftToTheComparator() {
    Comparator<String> byLength = (Comparator<String> & Serializable) (a, b) -> Integer.compare(a.length(), b.length());
    assertEquals(0, KeyPrefix.direction(byLength));
    assertEquals(0, KeyPrefix.direction(KeyOrderings.reverse(byLength)));
    assertEquals(0, KeyPrefix.direction(String.CASE_INSENSITIVE_ORDER));
    assertEquals(0, KeyPrefix.direction(Comparator.<String>naturalOrder().thenComparing(byLength)));
    assertEquals(0, KeyPrefix.direction(Comparator.nullsFirst(Comparator.<String>naturalOrder())));
  }

  /** (prefix, address) pairs sorted by the radix sort equal the pairs sorted by Arrays.sort, addresses kept with their prefixes. */
  private static void assertRadixSorts(long[] prefixes) {
    int n = prefixes.length;
    long[] entries = new long[2 * n + 6]; // spare room: only the first n pairs count
    for (int i = 0; i < n; i++) {
      entries[2 * i] = prefixes[i];
      entries[2 * i + 1] = prefixes[i] * 31 + 7; // an address derived from the prefix: it must travel with it
    }
    long[] sorted = PrefixRadixSort.sort(entries, n, new long[2 * n]);
    long[] expected = prefixes.clone();
    Arrays.sort(expected);
    for (int i = 0; i < n; i++) {
      assertEquals(expected[i], sorted[2 * i], "prefix at " + i);
      assertEquals(expected[i] * 31 + 7, sorted[2 * i + 1], "address at " + i);
    }
  }

  @Test
  void radixSortEqualsArraysSort() {
    assertRadixSorts(new long[0]);
    assertRadixSorts(new long[] {42});
    assertRadixSorts(new long[] {5, -5});
    assertRadixSorts(new long[] {Long.MAX_VALUE, Long.MIN_VALUE, 0, -1, 1, Long.MIN_VALUE, Long.MAX_VALUE});
    assertRadixSorts(new long[1000]); // all equal: every pass skipped
    Random random = new Random(5);
    assertRadixSorts(random.longs(20_000).toArray());
    assertRadixSorts(random.longs(20_000, -300, 300).toArray()); // negatives, many duplicates
    long[] strings = new long[5_000];
    for (int i = 0; i < strings.length; i++) { // ASCII string prefixes: half the bytes are always 0
      strings[i] = KeyPrefix.STRING.prefix("" + (char) ('!' + random.nextInt(94)) + (char) ('!' + random.nextInt(94)), 1);
    }
    assertRadixSorts(strings);
  }
}
