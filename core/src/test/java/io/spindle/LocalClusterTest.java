package io.spindle;

import static org.awaitility.Awaitility.await;
import io.spindle.function.JobFailedException;
import io.spindle.function.SpindleListener;
import io.spindle.function.Pair;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.cluster.ClusterBackend;
import io.spindle.cluster.LocalClusterLauncher;
import io.spindle.rpc.RemoteTaskException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The remote path end to end with {@code local-cluster[2,1,384]}: two executor JVMs, driver ↔
 * executor RPC, shuffle files in the executors' dirs fetched through the in-process shuffle
 * server. Results are compared with plain-Java references.
 */
class LocalClusterTest {
  private static SpindleContext ctx;
  private static ClusterBackend backend;
  private static final List<SpindleListener.TaskInfo> TASKS = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() {
    ctx = new SpindleContext(new SpindleConf(false).setMaster("local-cluster[2,1,384]")
        .set("spindle.task.maxFailures", "3").set("spindle.executorEnv.EXECUTOR_ENV_TEST", "Europe/Zurich"));
    backend = (ClusterBackend) ctx.schedulerBackend();
    ctx.addListenerOnSchedulerThread(new TaskEnds(TASKS));
  }

  @AfterAll
  static void stop() throws Exception {
    List<ProcessHandle> executors = ((LocalClusterLauncher) backend.launcher()).processes();
    ctx.close();
    assertEquals(2, executors.size());
    for (ProcessHandle p : executors) {
      assertFalse(p.isAlive(), "executor process " + p.pid() + " outlived its context");
    }
  }

  @BeforeEach
  void clear() {
    TASKS.clear();
  }

  private static List<String> words(int n, long seed) {
    Random r = new Random(seed);
    String[] vocabulary = {"a", "bb", "ccc", "dd", "e", "fff", "ünï", "日本", "zz", "y"};
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      // skewed: "a" is much more frequent
      out.add(r.nextInt(3) == 0 ? "a" : vocabulary[r.nextInt(vocabulary.length)]);
    }
    return out;
  }

  @Test
  void reduceByKeyMatchesReferenceAndUsesBothExecutorsAndTheShuffleServer() {
    long servedBefore = ((LocalClusterLauncher) backend.launcher()).shuffleCounters().bytesServed();
    List<String> input = words(5000, 1);
    Map<String, Integer> expected = new TreeMap<>();
    for (String w : input) {
      expected.merge(w, 1, Integer::sum);
    }

    Map<String, Integer> actual = new TreeMap<>(ctx.parallelize(input, 6)
        .mapToPair(w -> new Pair<>(w, 1)).reduceByKey(Integer::sum, 4).collectAsMap());

    assertEquals(expected, actual);
    Set<String> executors = new java.util.HashSet<>();
    TASKS.forEach(t -> executors.add(t.executorId()));
    assertEquals(Set.of("1", "2"), executors, "tasks ran on both executors");
    assertTrue(((LocalClusterLauncher) backend.launcher()).shuffleCounters().bytesServed() > servedBefore,
        "shuffle bytes went through the shuffle server");
  }

  @Test
  void groupByKeyMatchesReference() {
    List<String> input = words(2000, 2);
    Map<Integer, List<String>> expected = new TreeMap<>();
    for (String w : input) {
      expected.computeIfAbsent(w.length(), k -> new ArrayList<>()).add(w);
    }
    expected.values().forEach(l -> l.sort(null));

    Map<Integer, List<String>> actual = new TreeMap<>();
    for (Pair<Integer, Iterable<String>> p : ctx.parallelize(input, 5).keyBy(String::length).groupByKey(3).collect()) {
      List<String> values = new ArrayList<>();
      p.value().forEach(values::add);
      values.sort(null);
      actual.put(p.key(), values);
    }
    assertEquals(expected, actual);
  }

  @Test
  void chainedTwoShuffleJobMatchesReference() {
    List<String> input = words(3000, 3);
    // word -> count, then count -> number of words with that count
    Map<String, Integer> counts = new HashMap<>();
    for (String w : input) {
      counts.merge(w, 1, Integer::sum);
    }
    Map<Integer, Integer> expected = new TreeMap<>();
    counts.values().forEach(c -> expected.merge(c % 7, 1, Integer::sum));

    Map<Integer, Integer> actual = new TreeMap<>(ctx.parallelize(input, 4)
        .mapToPair(w -> new Pair<>(w, 1)).reduceByKey(Integer::sum, 3)
        .mapToPair(p -> new Pair<>(p.value() % 7, 1)).reduceByKey(Integer::sum, 2).collectAsMap());

    assertEquals(expected, actual);
    long stages = TASKS.stream().mapToInt(SpindleListener.TaskInfo::stageId).distinct().count();
    assertEquals(3, stages);
  }

  @Test
  void emptyAndSinglePartitionInputs() {
    assertEquals(List.of(), ctx.parallelize(List.<Integer>of(), 3).mapToPair(i -> new Pair<>(i, i))
        .reduceByKey(Integer::sum, 2).collect());
    assertEquals(List.of(new Pair<>("x", 3)), ctx.parallelize(List.of("x", "x", "x"), 1)
        .mapToPair(w -> new Pair<>(w, 1)).reduceByKey(Integer::sum, 1).collect());
  }

  @Test
  void stageBodyGoesToEachExecutorOncePerStage() {
    long bodiesBefore = backend.stageBodiesSent();
    long tasksBefore = backend.tasksLaunched();
    long droppedBefore = backend.stageBodiesDropped();
    List<Integer> data = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      data.add(i);
    }
    List<Integer> doubled = ctx.parallelize(data, 10).map(i -> i * 2).collect();
    List<Integer> expected = data.stream().map(i -> i * 2).toList();
    assertEquals(expected, doubled);
    assertEquals(10, backend.tasksLaunched() - tasksBefore);
    assertTrue(backend.stageBodiesSent() - bodiesBefore <= 2,
        "stage body sent " + (backend.stageBodiesSent() - bodiesBefore) + " times for 10 tasks on 2 executors");
    // ... and dropped by the executors once the stage completed
    await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10)).untilAsserted(() ->
        assertEquals(backend.stageBodiesSent() - bodiesBefore, backend.stageBodiesDropped() - droppedBefore));
  }

  @Test
  void userExceptionFailsTheJobWithClassMessageAndStackTraceAfterMaxFailures() {
    JobFailedException e = assertThrows(JobFailedException.class, () -> ctx.parallelize(List.of(1, 2, 3), 1)
        .map(LocalClusterTest::explode).collect());
    IllegalStateException cause = assertInstanceOf(IllegalStateException.class, e.getCause());
    assertEquals("boom on 1", cause.getMessage());
    assertTrue(Arrays.stream(cause.getStackTrace()).anyMatch(f -> f.getMethodName().equals("explode")
        && f.getClassName().equals(LocalClusterTest.class.getName())), "the user's frames are kept");
    assertEquals(3, TASKS.stream().filter(t -> !t.succeeded()).count(), "spindle.task.maxFailures attempts");
  }

  private static int explode(int i) {
    throw new IllegalStateException("boom on " + i);
  }

  /** An exception that cannot be serialized (its field is not Serializable). */
  static final class UnserializableException extends RuntimeException {
    private final transient Object ok = new Object();
    private final Thread notSerializable = Thread.currentThread();

    UnserializableException(String message) {
      super(message);
    }
  }

  @Test
  void unserializableUserExceptionKeepsItsClassNameMessageAndStackTrace() {
    JobFailedException e = assertThrows(JobFailedException.class, () -> ctx.parallelize(List.of(1), 1)
        .map(i -> {
          throw new UnserializableException("cannot travel " + i);
        }).collect());
    RemoteTaskException cause = assertInstanceOf(RemoteTaskException.class, e.getCause());
    assertEquals(UnserializableException.class.getName(), cause.originalClassName());
    assertTrue(cause.getMessage().contains("cannot travel 1"), cause.getMessage());
    assertTrue(cause.getStackTrace().length > 0);
  }

  @Test
  void broadcastValueReachesExecutors() {
    Map<String, Integer> table = new HashMap<>(Map.of("a", 1, "bb", 2, "ccc", 3));
    Broadcast<Map<String, Integer>> lookup = ctx.broadcast(table);
    List<String> input = words(500, 4);
    List<Integer> expected = input.stream().map(w -> table.getOrDefault(w, -1)).toList();
    assertEquals(expected, ctx.parallelize(input, 4).map(w -> lookup.value().getOrDefault(w, -1)).collect());
  }

  @Test
  void saveAsTextFileCommitsEveryPartitionOnce(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
      throws Exception {
    List<String> input = words(300, 5);
    java.nio.file.Path out = tmp.resolve("out");
    ctx.parallelize(input, 5).saveAsTextFile(out.toString());
    List<String> written = new ArrayList<>();
    try (var files = java.nio.file.Files.list(out)) {
      for (java.nio.file.Path f : files.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList()) {
        written.addAll(java.nio.file.Files.readAllLines(f));
      }
    }
    assertEquals(input, written);
    assertTrue(java.nio.file.Files.exists(out.resolve("_SUCCESS")));
  }

  @Test
  void accumulatorUpdatesComeBackFromExecutors() {
    io.spindle.accumulator.LongAccumulator evens = ctx.longAccumulator("evens");
    List<Integer> data = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      data.add(i);
    }
    ctx.parallelize(data, 7).foreach(i -> {
      if (i % 2 == 0) {
        evens.add(1);
      }
    });
    assertEquals(500L, evens.value());
  }

  @Test
  void manyPartitionsAndMoreReducersThanKeys() {
    List<Integer> data = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      data.add(i);
    }
    Map<Integer, Long> expected = new TreeMap<>();
    data.forEach(i -> expected.merge(i % 3, (long) i, Long::sum));
    Map<Integer, Long> actual = new TreeMap<>(ctx.parallelize(data, 16).mapToPair(i -> new Pair<>(i % 3, (long) i))
        .reduceByKey(Long::sum, 8).collectAsMap());
    assertEquals(expected, actual);
  }

  /**
   * The sketches cross JVMs (task results, and combiners through the shuffle) and hash elements by
   * value, not by the JVM: the executors' estimate equals one made here on the driver from the same
   * strings (the estimate depends only on the set of distinct elements).
   */
  @Test
  void countApproxDistinctIsTheSameOnExecutorJvms() {
    List<String> data = new ArrayList<>();
    Random r = new Random(21);
    for (int i = 0; i < 30_000; i++) {
      data.add("w" + r.nextInt(12_000) + (i % 5 == 0 ? "ü" : ""));
    }
    io.spindle.rdd.DistinctCountSketch here = new io.spindle.rdd.DistinctCountSketch(
        io.spindle.rdd.DistinctCountSketch.lgConfigK("test", 0.02));
    data.forEach(here::addCanonical);
    assertEquals(here.estimate(), ctx.parallelize(data, 6).countApproxDistinct(0.02));
    long exact = new java.util.HashSet<>(data).size();
    assertTrue(Math.abs(here.estimate() - exact) <= 3 * 0.02 * exact, here.estimate() + " vs " + exact);

    Map<Integer, java.util.Set<Object>> byKey = new HashMap<>();
    List<Pair<Integer, Object>> pairs = new ArrayList<>();
    for (int i = 0; i < data.size(); i++) {
      int k = i % 4;
      Object v = k == 3 ? Pair.of(data.get(i), k) : data.get(i); // key 3: Kryo-hashed values
      pairs.add(Pair.of(k, v));
      byKey.computeIfAbsent(k, x -> new java.util.HashSet<>()).add(v);
    }
    Map<Integer, Long> estimates = ctx.parallelizePairs(pairs, 6).countApproxDistinctByKey(0.02, 3).collectAsMap();
    assertEquals(byKey.keySet(), estimates.keySet());
    byKey.forEach((k, values) -> assertTrue(Math.abs(estimates.get(k) - values.size()) <= 3 * 0.02 * values.size(),
        "key " + k + ": " + estimates.get(k) + " vs " + values.size()));
  }

  /** spindle.executorEnv.* reaches every executor process (Spark's spark.executorEnv.*), not the driver's. */
  @Test
  void executorEnvSettingsAreInEveryExecutorsEnvironment() {
    List<String> seen = ctx.parallelize(List.of(1, 2, 3, 4, 5, 6), 6).map(i -> String.valueOf(
        System.getenv("EXECUTOR_ENV_TEST"))).collect();
    assertEquals(java.util.Collections.nCopies(6, "Europe/Zurich"), seen);
    assertEquals(null, System.getenv("EXECUTOR_ENV_TEST"), "the driver's own environment is not changed");
  }
}
