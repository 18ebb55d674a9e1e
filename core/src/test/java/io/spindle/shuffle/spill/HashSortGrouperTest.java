package io.spindle.shuffle.spill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.function.Pair;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * HashSortGrouper outside a task (in memory), against plain Java maps of lists: every key once,
 * its values in insertion order, keys sharing a hash kept apart, tags passed through; and the radix
 * sort against Arrays.sort.
 */
class HashSortGrouperTest {
  /** Groups by key into lists, recording (tag, value) so tags can be checked too. */
  private static final HashSortGrouper.Grouping<Object, List<String>> TAGGED = new HashSortGrouper.Grouping<>() {
    @Override
    public List<String> create(int tag, Object value, int[] recordsPerTag) {
      return add(new ArrayList<>(), tag, value, recordsPerTag);
    }

    @Override
    public List<String> add(List<String> list, int tag, Object value, int[] recordsPerTag) {
      assertTrue(recordsPerTag[tag] >= 1, "the group's count covers its own tag");
      list.add(tag + ":" + value);
      return list;
    }

    @Override
    public List<String> merge(List<String> a, List<String> b) {
      a.addAll(b);
      return a;
    }
  };

  private static Map<Object, List<String>> group(HashSortGrouper<Object, Object, List<String>> grouper) {
    Map<Object, List<String>> out = new HashMap<>();
    int lastHash = Integer.MIN_VALUE;
    for (Iterator<Pair<Object, List<String>>> it = grouper.iterator(); it.hasNext(); ) {
      Pair<Object, List<String>> p = it.next();
      int hash = RecordCursor.hash(p.key());
      assertTrue(hash >= lastHash, "groups come in hash order");
      lastHash = hash;
      assertEquals(null, out.put(p.key(), p.value()), "key " + p.key() + " came twice");
    }
    return out;
  }

  @Test
  void stringKeysWithCollidingHashesNullsAndTags() {
    HashSortGrouper<Object, Object, List<String>> grouper = new HashSortGrouper<>(null, TAGGED, 3, null);
    Map<Object, List<String>> expected = new HashMap<>();
    Random random = new Random(7);
    // "Aa" and "BB" share a hash, as do "AaAa", "AaBB", "BBAa", "BBBB"; negative hashes too.
    String[] colliding = {"Aa", "BB", "AaAa", "AaBB", "BBAa", "BBBB", "polygenelubricants", "GydZG_", "DESIGNING WORKHOUSES"};
    for (int i = 0; i < 20_000; i++) {
      int r = random.nextInt(10);
      Object key = r == 0 ? null : r < 4 ? colliding[random.nextInt(colliding.length)] : "k" + random.nextInt(3000);
      int tag = random.nextInt(3);
      grouper.insert(key, i, tag);
      expected.computeIfAbsent(key, k -> new ArrayList<>()).add(tag + ":" + i);
    }
    assertEquals(expected, group(grouper));
  }

  @Test
  void integerKeysAndKeysOfMixedClassesWithEqualHashes() {
    HashSortGrouper<Object, Object, List<String>> ints = new HashSortGrouper<>(null, TAGGED, 1, null);
    Map<Object, List<String>> expectedInts = new HashMap<>();
    Random random = new Random(11);
    for (int i = 0; i < 50_000; i++) {
      Integer key = random.nextInt(4000) - 2000;
      ints.insert(key, i);
      expectedInts.computeIfAbsent(key, k -> new ArrayList<>()).add("0:" + i);
    }
    assertEquals(expectedInts, group(ints));

    // Short 5 and Integer 5 (and Character 5, Byte 5) hash alike but are different keys.
    HashSortGrouper<Object, Object, List<String>> mixed = new HashSortGrouper<>(null, TAGGED, 1, null);
    Map<Object, List<String>> expectedMixed = new HashMap<>();
    for (int i = 0; i < 10_000; i++) {
      int v = random.nextInt(50);
      Object key = switch (i < 5_000 ? 0 : random.nextInt(4)) {
        case 0 -> v;
        case 1 -> (short) v;
        case 2 -> (char) v;
        default -> (byte) v;
      };
      mixed.insert(key, i);
      expectedMixed.computeIfAbsent(key, k -> new ArrayList<>()).add("0:" + i);
    }
    assertEquals(expectedMixed, group(mixed));
  }

  /** Groups by key into lists of (tag, value) pairs, the values as they come out (class and all). */
  private static final HashSortGrouper.Grouping<Object, List<List<Object>>> AS_IS = new HashSortGrouper.Grouping<>() {
    @Override
    public List<List<Object>> create(int tag, Object value, int[] recordsPerTag) {
      return add(new ArrayList<>(), tag, value, recordsPerTag);
    }

    @Override
    public List<List<Object>> add(List<List<Object>> list, int tag, Object value, int[] recordsPerTag) {
      list.add(java.util.Arrays.asList(tag, value));
      return list;
    }

    @Override
    public List<List<Object>> merge(List<List<Object>> a, List<List<Object>> b) {
      a.addAll(b);
      return a;
    }
  };

  /**
   * The buffer keeps Integer values as ints and keys whose hash is their value as hashes only: what
   * comes out must still be what went in, class and all (an Integer is not a Long or Short), with
   * tags up to 127, null and large values, and a key of another class arriving half-way (the kept
   * keys are rebuilt then), for each class whose hash is its value.
   */
  @Test
  void valuesAndKeysComeOutAsInsertedWhateverTheBufferKeepsOfThem() {
    Random random = new Random(5);
    for (String keyKind : List.of("Integer", "Short", "Byte", "Character", "Boolean")) {
      HashSortGrouper<Object, Object, List<List<Object>>> grouper = new HashSortGrouper<>(null, AS_IS, 128, null);
      Map<Object, List<List<Object>>> expected = new HashMap<>();
      for (int i = 0; i < 20_000; i++) {
        int v = random.nextInt(300) - 150;
        Object key = switch (keyKind) {
          case "Integer" -> v;
          case "Short" -> (short) v;
          case "Byte" -> (byte) v;
          case "Character" -> (char) (v + 150);
          default -> v % 2 == 0;
        };
        if (i >= 15_000 && random.nextInt(10) == 0) { // keys of other classes: the hash no longer identifies the key
          key = random.nextBoolean() ? (Object) ("s" + v) : (Object) (long) v;
        }
        Object value = switch (random.nextInt(6)) {
          case 0 -> null;
          case 1 -> (long) i;
          case 2 -> "v" + i;
          case 3 -> random.nextBoolean() ? Integer.MIN_VALUE : Integer.MAX_VALUE;
          default -> i - 10_000;
        };
        int tag = random.nextInt(4) == 0 ? 127 : random.nextInt(128);
        grouper.insert(key, value, tag);
        expected.computeIfAbsent(key, k -> new ArrayList<>()).add(java.util.Arrays.asList(tag, value));
      }
      Map<Object, List<List<Object>>> actual = new HashMap<>();
      grouper.iterator().forEachRemaining(p -> assertEquals(null, actual.put(p.key(), p.value()), "twice: " + p.key()));
      assertEquals(expected, actual, keyKind + " keys");
      for (Map.Entry<Object, List<List<Object>>> e : actual.entrySet()) {
        for (List<Object> tagged : e.getValue()) {
          Object value = tagged.get(1);
          assertTrue(value == null || value instanceof Integer || value instanceof Long || value instanceof String,
              "value class kept: " + value);
        }
      }
      // Map.equals compares values with equals(): Long 5 never equals Integer 5, so classes are checked too.
      assertTrue(actual.keySet().stream().allMatch(k -> k instanceof String || k instanceof Long
          || k.getClass().getSimpleName().equals(keyKind)), keyKind + " keys keep their class");
    }
  }

  @Test
  void valueListsAreRecognisedAndPresized() {
    Aggregator<Integer, String, ArrayList<String>> lists = ValueLists.aggregator();
    assertTrue(ValueLists.isValueLists(lists));
    assertTrue(!ValueLists.isValueLists(new Aggregator<Integer, String, ArrayList<String>>(
        lists.createCombiner(), lists.mergeValue(), (a, b) -> a)));
    HashSortGrouper<Integer, String, ArrayList<String>> grouper =
        new HashSortGrouper<>(null, HashSortGrouper.of(lists), null);
    Map<Integer, List<String>> expected = new HashMap<>();
    for (int i = 0; i < 30_000; i++) {
      int key = (i * 7919) % 1000;
      grouper.insert(key, "v" + i);
      expected.computeIfAbsent(key, k -> new ArrayList<>()).add("v" + i);
    }
    Map<Integer, List<String>> actual = new HashMap<>();
    grouper.iterator().forEachRemaining(p -> actual.put(p.key(), p.value()));
    assertEquals(expected, actual);
  }

  @Test
  void radixSortOrdersByHigh32BitsStably() {
    Random random = new Random(3);
    for (int n : new int[] {0, 1, 2, 17, 1000, 100_000}) {
      long[] values = new long[n];
      for (int i = 0; i < n; i++) {
        int high = random.nextInt(4) == 0 ? random.nextInt(10) : random.nextInt();
        values[i] = ((long) high << 32) | i; // low half: the original position
      }
      long[] expected = values.clone();
      java.util.Arrays.sort(expected); // ties in the high half are ordered by position: stability
      // the radix sort orders the high half unsigned; Arrays.sort signed: compare with the top bit flipped
      long[] flipped = values.clone();
      for (int i = 0; i < n; i++) {
        flipped[i] ^= Long.MIN_VALUE;
      }
      long[] sorted = HashRadixSort.sortByHigh32(flipped, n);
      for (int i = 0; i < n; i++) {
        sorted[i] ^= Long.MIN_VALUE;
      }
      assertEquals(java.util.Arrays.toString(expected), java.util.Arrays.toString(java.util.Arrays.copyOf(sorted, n)));
    }
  }
}
