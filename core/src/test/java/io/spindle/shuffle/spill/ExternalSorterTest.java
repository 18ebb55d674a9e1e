package io.spindle.shuffle.spill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.esotericsoftware.kryo.Kryo;
import io.spindle.function.Pair;
import io.spindle.SpindleConf;
import io.spindle.task.EngineTaskContext;
import io.spindle.env.ExecutorEnv;
import io.spindle.memory.UnifiedMemoryManager;
import io.spindle.serializer.KryoSerializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ExternalSorter} in a task context of our making (no SpindleContext): its output equals a
 * plain-Java sort of the same input, whether it spilled never, once, exactly at the threshold or
 * hundreds of times (with intermediate merges), and its spill files are gone when the task ends.
 *
 * <p>Spills are forced with the settings the sorter reads: the forced-spill threshold
 * ({@code spindle.shuffle.spill.numElementsForceSpillThreshold}), checked every
 * {@link Spillable#CHECK_EVERY} records, so with a threshold T that is a multiple of it, n records
 * spill exactly floor(n / T) times; or a small execution memory region, which makes the sorter spill
 * when it cannot get more.
 */
class ExternalSorterTest {
  private static final Comparator<String> STRINGS = Comparator.naturalOrder();
  private static final int CHECK = Spillable.CHECK_EVERY;

  @TempDir
  Path localDir;

  private final KryoSerializer serializer = new KryoSerializer(getClass().getClassLoader());
  private final List<EngineTaskContext> tasks = new ArrayList<>();
  private long nextTaskId = 1;

  @AfterEach
  void endTasks() {
    tasks.forEach(EngineTaskContext::complete);
  }

  /** A task on its own executor env: {@code regionBytes} of execution + storage memory, {@code settings} set. */
  private EngineTaskContext task(long regionBytes, String... settings) {
    SpindleConf conf = new SpindleConf(false).set("spindle.shuffle.spill.initialMemory", "4k");
    for (int i = 0; i < settings.length; i += 2) {
      conf.set(settings[i], settings[i + 1]);
    }
    UnifiedMemoryManager memory = new UnifiedMemoryManager(regionBytes, 0, 1.0, 0.5);
    ExecutorEnv env = new ExecutorEnv("1", "localhost", conf, null, serializer, new Path[] {localDir}, null, null,
        memory);
    EngineTaskContext context = new EngineTaskContext(0, 0, 0, nextTaskId++, env);
    tasks.add(context);
    return context;
  }

  private EngineTaskContext forcedSpillTask(int threshold, String... more) {
    String[] settings = Arrays.copyOf(new String[] {"spindle.shuffle.spill.numElementsForceSpillThreshold",
        Integer.toString(threshold)}, 2 + more.length);
    System.arraycopy(more, 0, settings, 2, more.length);
    return task(64L << 20, settings);
  }

  private <K, V> List<Pair<K, V>> sort(EngineTaskContext context, Iterable<Pair<K, V>> input, Comparator<K> ordering) {
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

  /**
   * The reference: keys in {@code ordering} (duplicates kept), and each key's values as a sorted
   * multiset (equal keys come in no particular order). Compared with the sorter's output, key by
   * key, through the same projection.
   */
  private static <K, V> void assertSorted(List<Pair<K, V>> input, List<Pair<K, V>> actual, Comparator<K> ordering,
      Function<V, String> valueText) {
    List<Pair<K, V>> expected = new ArrayList<>(input);
    expected.sort((a, b) -> ordering.compare(a.key(), b.key()));
    assertEquals(keys(expected), keys(actual), "keys in order");
    assertEquals(grouped(expected, ordering, valueText), grouped(actual, ordering, valueText), "values per key");
  }

  private static <K, V> List<K> keys(List<Pair<K, V>> records) {
    return records.stream().map(Pair::key).toList();
  }

  private static <K, V> Map<K, List<String>> grouped(List<Pair<K, V>> records, Comparator<K> ordering,
      Function<V, String> valueText) {
    TreeMap<K, List<String>> groups = new TreeMap<>(ordering);
    for (Pair<K, V> r : records) {
      groups.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(valueText.apply(r.value()));
    }
    groups.values().forEach(v -> v.sort(null));
    return groups;
  }

  private static List<Pair<String, Integer>> randomRecords(int n, int keys, long seed) {
    Random random = new Random(seed);
    List<Pair<String, Integer>> records = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      records.add(Pair.of("key-" + random.nextInt(keys), random.nextInt(1000)));
    }
    return records;
  }

  private List<Path> spillFiles() {
    try (Stream<Path> files = Files.walk(localDir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".spill")).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sorts {@code input} in a fresh task with forced-spill threshold {@code threshold}; checks spills and cleanup. */
  private void sortWithThreshold(List<Pair<String, Integer>> input, int threshold, long expectedSpills,
      String... settings) {
    EngineTaskContext context = forcedSpillTask(threshold, settings);
    List<Pair<String, Integer>> out = sort(context, input, STRINGS);
    assertSorted(input, out, STRINGS, String::valueOf);
    assertEquals(expectedSpills, context.metrics().spillCount(), "spills of " + input.size() + " records");
    assertEquals(expectedSpills > 0, !spillFiles().isEmpty(), "runs stay until the task ends");
    assertEquals(0, context.env().memoryManager().executionMemoryUsed(), "memory given back once read");
    context.complete();
    assertEquals(List.of(), spillFiles(), "spill files deleted at task end");
  }

  @Test
  void withoutSpillsTheBufferIsSortedInMemory() {
    sortWithThreshold(randomRecords(5_000, 700, 1), Integer.MAX_VALUE, 0);
  }

  @Test
  void emptyInputAndOneRecord() {
    sortWithThreshold(List.of(), 2 * CHECK, 0);
    sortWithThreshold(List.of(Pair.of("only", 1)), 2 * CHECK, 0);
    sortWithThreshold(List.of(Pair.of("only", 1)), 1, 0); // a threshold of 1 is only checked every CHECK records
  }

  @Test
  void spillBoundariesAroundTheThreshold() {
    int t = 2 * CHECK;
    sortWithThreshold(randomRecords(t - 1, 20, 2), t, 0); // one short: no spill
    sortWithThreshold(randomRecords(t, 20, 3), t, 1); // exactly the threshold: one run, nothing left in memory
    sortWithThreshold(randomRecords(t + 1, 20, 4), t, 1); // one run and one record in memory
    sortWithThreshold(randomRecords(2 * t, 20, 5), t, 2); // two runs, nothing in memory
  }

  @Test
  void theSmallestSpillsAreOneCheckIntervalLong() {
    // Threshold 1: every check spills, so each run holds CHECK records, and the last CHECK - 1 stay in memory.
    int n = 10 * CHECK + CHECK - 1;
    sortWithThreshold(randomRecords(n, 50, 6), 1, 10);
  }

  @Test
  void manySpillsAreMergedInSeveralPasses() {
    // 20,000 / 32 = 625 runs, merged at most 4 at a time: the sorter merges runs into runs before the last merge.
    sortWithThreshold(randomRecords(20_000, 3_000, 7), CHECK, 20_000 / CHECK,
        "spindle.shuffle.spill.mergeFactor", "4");
  }

  @Test
  void skewedKeysOneKeyHoldsMostRecords() {
    Random random = new Random(8);
    List<Pair<String, Integer>> input = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      input.add(Pair.of(random.nextInt(10) < 9 ? "hot" : "cold-" + random.nextInt(100), i));
    }
    sortWithThreshold(input, 4 * CHECK, 10_000 / (4 * CHECK), "spindle.shuffle.spill.mergeFactor", "8");
  }

  @Test
  void unicodeKeysKeepTheirOrderThroughSpills() {
    String[] words = {"ärger", "zebra", "Zebra", "日本語", "日本", "😀 smile", "😀", "e\u0301", "é", "", "ß", "ss",
        "Ω", "ω", "\uD800\uDC00", "\uFFFF", "naïve"};
    Random random = new Random(9);
    List<Pair<String, Integer>> input = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      input.add(Pair.of(words[random.nextInt(words.length)] + random.nextInt(3), i));
    }
    sortWithThreshold(input, CHECK, 3_000 / CHECK);
  }

  @Test
  void integerKeysWithACustomOrdering() {
    Random random = new Random(10);
    List<Pair<Integer, String>> input = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      input.add(Pair.of(random.nextInt(2_000) - 1_000, "v" + i));
    }
    Comparator<Integer> descending = Comparator.reverseOrder();
    EngineTaskContext context = forcedSpillTask(CHECK * 4);
    assertSorted(input, sort(context, input, descending), descending, v -> v);
    assertEquals(5_000 / (CHECK * 4), context.metrics().spillCount());
  }

  @Test
  void largeRecordsSpillWhenMemoryRunsOut() {
    // 40 values of 1 MiB in an 8 MiB region: at the first check (32 records, ~32 MiB) the sorter cannot get
    // the memory and spills once; the 8 records after it stay in memory (no further check).
    int n = 40;
    int valueBytes = 1 << 20;
    EngineTaskContext context = task(8L << 20);
    List<String> keys = new ArrayList<>();
    Map<String, Integer> checksums = new TreeMap<>();
    Random random = new Random(11);
    Kryo kryo = serializer.borrow();
    List<Pair<String, byte[]>> out = new ArrayList<>();
    try {
      ExternalSorter<String, byte[]> sorter = new ExternalSorter<>(context, STRINGS, kryo);
      for (int i = 0; i < n; i++) {
        byte[] value = new byte[valueBytes];
        random.nextBytes(value);
        String key = "big-" + (n - i); // inserted in reverse order
        keys.add(key);
        checksums.put(key, Arrays.hashCode(value));
        sorter.insert(Pair.of(key, value));
      }
      Iterator<Pair<String, byte[]>> it = sorter.sortedIterator();
      while (it.hasNext()) {
        Pair<String, byte[]> r = it.next();
        assertEquals(valueBytes, r.value().length);
        out.add(Pair.of(r.key(), null)); // keep the key only: the values are checked as they stream by
        assertEquals(checksums.get(r.key()), Arrays.hashCode(r.value()), "value of " + r.key());
      }
    } finally {
      serializer.release(kryo);
    }
    keys.sort(STRINGS);
    assertEquals(keys, out.stream().map(Pair::key).toList());
    assertEquals(1, context.metrics().spillCount());
    assertTrue(context.metrics().peakExecutionMemory() <= 8L << 20);
    assertFalse(spillFiles().isEmpty());
    context.complete();
    assertEquals(List.of(), spillFiles());
  }

  @Test
  void manyPartitionsOfOneTaskShareItsMemory() {
    // One sorter per reduce partition, all in one task with a 256 KiB region: each spills when the
    // others hold the memory, and each partition's output equals its own reference.
    int partitions = 64;
    EngineTaskContext context = task(256L << 10);
    List<Pair<String, Integer>> input = randomRecords(60_000, 5_000, 12);
    List<List<Pair<String, Integer>>> byPartition = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      byPartition.add(new ArrayList<>());
    }
    for (Pair<String, Integer> r : input) {
      byPartition.get(Math.floorMod(r.key().hashCode(), partitions)).add(r);
    }
    Kryo kryo = serializer.borrow();
    try {
      List<ExternalSorter<String, Integer>> sorters = new ArrayList<>();
      for (int p = 0; p < partitions; p++) {
        sorters.add(new ExternalSorter<>(context, STRINGS, kryo));
      }
      for (Pair<String, Integer> r : input) { // interleaved, as a map-side writer would
        sorters.get(Math.floorMod(r.key().hashCode(), partitions)).insert(r);
      }
      for (int p = 0; p < partitions; p++) {
        List<Pair<String, Integer>> out = new ArrayList<>();
        sorters.get(p).sortedIterator().forEachRemaining(out::add);
        assertSorted(byPartition.get(p), out, STRINGS, String::valueOf);
      }
    } finally {
      serializer.release(kryo);
    }
    assertTrue(context.metrics().spillCount() > 0, "a 256 KiB region must make some sorter spill");
    assertEquals(0, context.env().memoryManager().executionMemoryUsed());
    context.complete();
    assertEquals(List.of(), spillFiles());
  }

  /**
   * Sorters one after the other on a thread hand their record pages on ({@link PageRecycler}): each
   * output still equals a plain-Java sort, with pages whose old bytes were not cleared, with spills
   * (a spilled buffer gives its pages to the next one) and with records larger than a page. A sorter
   * that has not been read to the end keeps its pages: one sorted meanwhile on the same thread
   * cannot overwrite what it has still to return.
   */
  @Test
  void sortersOnOneThreadHandTheirPagesOnAndStayExact() {
    PageRecycler pages = PageRecycler.current();
    Random random = new Random(7);
    List<List<Pair<String, String>>> inputs = new ArrayList<>();
    for (int round = 0; round < 4; round++) {
      List<Pair<String, String>> records = new ArrayList<>();
      for (int i = 0; i < 30_000; i++) {
        String key = "k" + random.nextInt(5_000) + (i % 7 == 0 ? "ünïcødé" : "");
        String value = i % 9_999 == 0 ? "v".repeat(SerializedSortBuffer.MAX_PAGE + 17) : "value-" + round + "-" + i;
        records.add(Pair.of(key, value));
      }
      inputs.add(records);
    }
    Function<String, String> text = v -> v.length() > 100 ? "long:" + v.length() : v;
    for (int round = 0; round < 4; round++) {
      EngineTaskContext context = round % 2 == 0 ? task(64L << 20) : forcedSpillTask(4 * CHECK);
      List<Pair<String, String>> input = inputs.get(round);
      assertSorted(input, sort(context, input, STRINGS), STRINGS, text);
      assertTrue(pages.keptPages() > 0, "round " + round + ": a sorter read to the end gave its pages back");
    }

    // A sorter being read while another one sorts on the same thread.
    Kryo kryo = serializer.borrow();
    try {
      ExternalSorter<String, String> first = new ExternalSorter<>(task(64L << 20), STRINGS, kryo);
      inputs.get(0).forEach(first::insert);
      Iterator<Pair<String, String>> firstSorted = first.sortedIterator();
      List<Pair<String, String>> firstOut = new ArrayList<>();
      for (int i = 0; i < 1_000; i++) {
        firstOut.add(firstSorted.next());
      }
      int keptBefore = pages.keptPages();
      assertSorted(inputs.get(1), sort(task(64L << 20), inputs.get(1), STRINGS), STRINGS, text);
      assertTrue(pages.keptPages() >= keptBefore, "the second sorter took kept pages and gave them back");
      firstSorted.forEachRemaining(firstOut::add);
      assertSorted(inputs.get(0), firstOut, STRINGS, text);
    } finally {
      serializer.release(kryo);
    }
  }
}
