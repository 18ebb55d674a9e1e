package io.spindle.shuffle;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.Rdd;
import io.spindle.function.HashPartitioner;
import io.spindle.function.JobFailedException;
import io.spindle.function.Pair;
import io.spindle.PairRdd;
import io.spindle.function.Partitioner;
import io.spindle.SpindleConf;
import io.spindle.SpindleContext;
import io.spindle.function.SpindleListener;
import io.spindle.function.TaskContext;
import io.spindle.function.TaskMetrics;
import io.spindle.rdd.ShuffledRdd;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shuffles, aggregations and sorts over data many times larger than a tiny execution memory
 * budget (1 MiB for two task threads): results equal a plain-Java reference, tasks report spills,
 * and no spill file is left in the local dir afterwards, also when a task fails.
 */
class SpillingTest {
  private static final int RECORDS = 300_000;
  private static final int KEYS = 30_000;
  private static final ConcurrentLinkedQueue<SpindleListener.TaskInfo> TASKS = new ConcurrentLinkedQueue<>();
  private static final java.util.concurrent.atomic.AtomicInteger STARTED = new java.util.concurrent.atomic.AtomicInteger();
  private static final java.util.concurrent.atomic.AtomicInteger ENDED = new java.util.concurrent.atomic.AtomicInteger();

  @TempDir
  static Path localDir;

  private static SpindleContext ctx;
  private static List<Pair<String, Long>> data;

  @BeforeAll
  static void start() {
    ctx = new SpindleContext(new SpindleConf(false).setMaster("local[2]")
        .set("spindle.local.dir", localDir.toString())
        .set("spindle.memory.testing.maxBytes", "1m")
        .set("spindle.shuffle.spill.initialMemory", "64k")
        .set("spindle.shuffle.spill.mergeFactor", "4") // exercise the intermediate merges too
        .set("spindle.task.maxFailures", "1"));
    ctx.addListener(new SpindleListener() {
      @Override
      public void onTaskEnd(TaskInfo task) {
        TASKS.add(task);
      }
    });
    Random random = new Random(7);
    data = new ArrayList<>(RECORDS);
    String[] colliding = {"AaAa", "AaBB", "BBAa", "BBBB"}; // one hashCode, four keys
    for (int i = 0; i < RECORDS; i++) {
      String key = i % 50 == 0 ? colliding[random.nextInt(4)] : "key-" + random.nextInt(KEYS);
      data.add(Pair.of(key, (long) random.nextInt(1000)));
    }
  }

  @AfterAll
  static void stop() {
    ctx.close();
  }

  @BeforeEach
  void clearTasks() {
    listenersCaughtUp(); // no late task end of the previous test lands in this one's list
    TASKS.clear();
  }

  private static PairRdd<String, Long> input() {
    return ctx.parallelizePairs(data, 6);
  }

  /** Listeners run on the bus: wait until they heard the task ends of the actions that returned. */
  private static void listenersCaughtUp() {
    assertTrue(ctx.waitForListeners(30_000), "listener bus did not drain");
  }

  private static long spills() {
    listenersCaughtUp();
    return TASKS.stream().map(SpindleListener.TaskInfo::metrics).mapToLong(TaskMetrics::spillCount).sum();
  }

  /** Spills of tasks that read a shuffle: the reduce side's aggregation, grouping or sort. */
  private static long reduceSideSpills() {
    listenersCaughtUp();
    return TASKS.stream().map(SpindleListener.TaskInfo::metrics).filter(m -> m.shuffleReadRecords() > 0)
        .mapToLong(TaskMetrics::spillCount).sum();
  }

  private static List<Path> spillFilesLeft() {
    try (Stream<Path> files = Files.walk(localDir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".spill")).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void assertSpilledAndCleanedUp() {
    assertTrue(spills() > 0, "expected spills, tasks reported: " + TASKS);
    assertTrue(TASKS.stream().allMatch(t -> t.metrics().peakExecutionMemory() <= 1 << 20),
        "a task held more than the whole budget: " + TASKS);
    assertEquals(List.of(), spillFilesLeft());
    // Every task gave its execution memory back: a task that acquires nothing sees none in use.
    assertEquals(List.of(0L), ctx.parallelize(List.of(1), 1)
        .map(x -> io.spindle.task.EngineTaskContext.get().env().memoryManager().executionMemoryUsed()).collect());
  }

  private static void awaitTaskEnds(int n) {
    // A job fails with its first failed task; other tasks of the stage may still be running.
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10)).until(() -> TASKS.size() >= n);
    assertEquals(n, TASKS.size(), "tasks that should have ended: " + TASKS);
  }

  @Test
  void reduceByKeySpillsOnBothSidesAndEqualsReference() {
    Map<String, Long> expected = new TreeMap<>();
    for (Pair<String, Long> p : data) {
      expected.merge(p.key(), p.value(), Long::sum);
    }
    List<Pair<String, Long>> got = input().reduceByKey(Long::sum, 3).collect();
    Map<String, Long> actual = new TreeMap<>();
    for (Pair<String, Long> p : got) {
      assertEquals(null, actual.put(p.key(), p.value()), "key twice: " + p.key());
    }
    assertEquals(expected, actual);
    assertSpilledAndCleanedUp();
    listenersCaughtUp();
    long shuffleWritten = TASKS.stream().mapToLong(t -> t.metrics().shuffleWriteRecords()).sum();
    long shuffleRead = TASKS.stream().mapToLong(t -> t.metrics().shuffleReadRecords()).sum();
    assertEquals(shuffleWritten, shuffleRead);
    assertTrue(shuffleWritten >= expected.size() && shuffleWritten <= RECORDS, "written " + shuffleWritten);
  }

  @Test
  void groupByKeySpillsAndEqualsReference() {
    Map<String, List<Long>> expected = new TreeMap<>();
    for (Pair<String, Long> p : data) {
      expected.computeIfAbsent(p.key(), k -> new ArrayList<>()).add(p.value());
    }
    expected.values().forEach(Collections::sort);
    Map<String, List<Long>> actual = new TreeMap<>();
    for (Pair<String, Iterable<Long>> p : input().groupByKey(4).collect()) {
      List<Long> values = new ArrayList<>();
      p.value().forEach(values::add);
      Collections.sort(values);
      assertEquals(null, actual.put(p.key(), values), "key twice: " + p.key());
    }
    assertEquals(expected, actual);
    assertTrue(reduceSideSpills() > 0, "the reduce-side grouping should spill: " + TASKS);
    assertSpilledAndCleanedUp();
  }

  /** Range partitioner on the key's last character, so partitions in order are globally sorted. */
  static final class LastCharPartitioner extends Partitioner {
    @Override
    public int numPartitions() {
      return 3;
    }

    @Override
    public int getPartition(Object key) {
      char c = ((String) key).charAt(((String) key).length() - 1);
      return c < '3' ? 0 : c < '7' ? 1 : 2;
    }
  }

  static final class ByLastCharThenWhole implements Comparator<String>, Serializable {
    @Override
    public int compare(String a, String b) {
      int c = Character.compare(a.charAt(a.length() - 1), b.charAt(b.length() - 1));
      return c != 0 ? c : a.compareTo(b);
    }
  }

  @Test
  void sortedShuffleReadIsAnExternalMergeSort() {
    List<Pair<String, Long>> numeric = new ArrayList<>();
    for (Pair<String, Long> p : data) {
      if (p.key().startsWith("key-")) {
        numeric.add(p);
      }
    }
    ByLastCharThenWhole order = new ByLastCharThenWhole();
    List<String> expected = new ArrayList<>();
    for (Pair<String, Long> p : numeric) {
      expected.add(p.key() + "=" + p.value());
    }
    List<Pair<String, Long>> got = Rdd.wrap(new ShuffledRdd<String, Long, Long>(ctx.parallelizePairs(numeric, 5).node(),
        new LastCharPartitioner(), null, false, order)).collect();
    assertEquals(numeric.size(), got.size());
    for (int i = 1; i < got.size(); i++) {
      assertTrue(order.compare(got.get(i - 1).key(), got.get(i).key()) <= 0,
          "out of order at " + i + ": " + got.get(i - 1) + " then " + got.get(i));
    }
    List<String> actual = new ArrayList<>();
    for (Pair<String, Long> p : got) {
      actual.add(p.key() + "=" + p.value());
    }
    Collections.sort(expected);
    Collections.sort(actual);
    assertEquals(expected, actual);
    assertTrue(reduceSideSpills() > 0, "the sort should spill: " + TASKS);
    assertSpilledAndCleanedUp();
  }

  @Test
  void plainShuffleSpillsAndEqualsReference() {
    HashPartitioner partitioner = new HashPartitioner(5);
    List<List<String>> expected = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      expected.add(new ArrayList<>());
    }
    for (Pair<String, Long> p : data) {
      expected.get(partitioner.getPartition(p.key())).add(p.key() + "=" + p.value());
    }
    // Two map tasks of 150,000 records (about 1.9 MB serialized each) against 1 MiB for both.
    List<List<String>> actual = ctx.parallelizePairs(data, 2).partitionBy(partitioner)
        .mapPartitionsWithIndex((index, it) -> {
          List<String> out = new ArrayList<>();
          while (it.hasNext()) {
            Pair<String, Long> p = it.next();
            out.add(index + ":" + p.key() + "=" + p.value());
          }
          return out.iterator();
        }, false).collect().stream().collect(() -> {
          List<List<String>> parts = new ArrayList<>();
          for (int i = 0; i < 5; i++) {
            parts.add(new ArrayList<>());
          }
          return parts;
        }, (parts, s) -> {
          int colon = s.indexOf(':');
          parts.get(Integer.parseInt(s.substring(0, colon))).add(s.substring(colon + 1));
        }, List::addAll);
    for (int i = 0; i < 5; i++) {
      Collections.sort(expected.get(i));
      Collections.sort(actual.get(i));
    }
    assertEquals(expected, actual);
    assertSpilledAndCleanedUp();
    long written = TASKS.stream().mapToLong(t -> t.metrics().shuffleWriteRecords()).sum();
    assertEquals(RECORDS, written);
  }

  @Test
  void failedTasksLeaveNoSpillFiles() {
    PairRdd<String, Iterable<Long>> grouped = input().groupByKey(2);
    JobFailedException e = assertThrows(JobFailedException.class, () -> grouped.mapPartitions(it -> {
      int n = 0;
      while (it.hasNext()) {
        it.next();
        if (++n == 1000) {
          throw new IllegalStateException("boom after reading spilled groups");
        }
      }
      return List.<Integer>of().iterator();
    }).count());
    assertTrue(String.valueOf(e.getCause()).contains("boom"), String.valueOf(e.getCause()));
    awaitTaskEnds(6 + 2);
    assertTrue(TASKS.stream().anyMatch(t -> !t.succeeded()));
    assertSpilledAndCleanedUp();
  }

  /** Passes records through, then throws at the n-th. */
  static final class FailingAfter implements java.util.Iterator<Pair<String, Long>> {
    private final java.util.Iterator<Pair<String, Long>> in;
    private final int failAt;
    private int n;

    FailingAfter(java.util.Iterator<Pair<String, Long>> in, int failAt) {
      this.in = in;
      this.failAt = failAt;
    }

    @Override
    public boolean hasNext() {
      return in.hasNext();
    }

    @Override
    public Pair<String, Long> next() {
      if (++n == failAt) {
        throw new IllegalStateException("boom in map task");
      }
      return in.next();
    }
  }

  @Test
  void failedMapTasksLeaveNoSpillFiles() {
    PairRdd<String, Long> failing = PairRdd.of(input().mapPartitionsWithIndex((index, it) -> {
      STARTED.incrementAndGet();
      // Added before the writer creates spill files, so it runs after their cleanup listeners.
      TaskContext.get().addTaskCompletionListener(ENDED::incrementAndGet);
      return new FailingAfter(it, 45_000); // every map task fails, after its map-side combine has spilled
    }, false));
    JobFailedException e = assertThrows(JobFailedException.class, () -> failing.reduceByKey(Long::sum, 2).count());
    assertTrue(String.valueOf(e.getCause()).contains("boom in map task"), String.valueOf(e.getCause()));
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10))
        .until(() -> ENDED.get() >= STARTED.get());
    assertEquals(STARTED.get(), ENDED.get(), "map tasks still running");
    assertSpilledAndCleanedUp(); // the spills counted are the failed map tasks'
  }

  @Test
  void joinGroupsSpillAndEqualReference() {
    List<Pair<String, Integer>> other = new ArrayList<>();
    for (int k = 0; k < KEYS; k += 2) {
      other.add(Pair.of("key-" + k, k));
      other.add(Pair.of("key-" + k, -k));
    }
    other.add(Pair.of("AaBB", 1)); // a key whose hash collides with three others
    Map<String, List<Integer>> right = new HashMap<>();
    for (Pair<String, Integer> p : other) {
      right.computeIfAbsent(p.key(), k -> new ArrayList<>()).add(p.value());
    }
    List<String> expected = new ArrayList<>();
    for (Pair<String, Long> p : data) {
      for (int w : right.getOrDefault(p.key(), List.of())) {
        expected.add(p.key() + "|" + p.value() + "|" + w);
      }
    }
    List<String> actual = new ArrayList<>();
    for (Pair<String, Pair<Long, Integer>> p : input().join(ctx.parallelizePairs(other, 3), 3).collect()) {
      actual.add(p.key() + "|" + p.value().key() + "|" + p.value().value());
    }
    Collections.sort(expected);
    Collections.sort(actual);
    assertEquals(expected, actual);
    assertTrue(reduceSideSpills() > 0, "the cogroup should spill: " + TASKS);
    assertSpilledAndCleanedUp();
  }

  @Test
  void reduceSideAggregationWithoutMapSideCombineSpills() {
    Map<String, Long> expected = new HashMap<>();
    for (Pair<String, Long> p : data) {
      expected.merge(p.key(), 1L, Long::sum);
    }
    List<Pair<String, Long>> got = input().combineByKey(v -> 1L, (c, v) -> c + 1, Long::sum,
        new HashPartitioner(2), false).collect();
    Map<String, Long> actual = new HashMap<>();
    got.forEach(p -> actual.put(p.key(), p.value()));
    assertEquals(expected.size(), got.size());
    assertEquals(expected, actual);
    assertTrue(reduceSideSpills() > 0, "the reduce-side aggregation should spill: " + TASKS);
    assertSpilledAndCleanedUp();
  }
}
