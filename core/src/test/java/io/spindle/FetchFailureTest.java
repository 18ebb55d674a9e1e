package io.spindle;

import io.spindle.function.TaskContext;
import io.spindle.function.JobFailedException;
import io.spindle.function.SpindleListener;
import io.spindle.function.Pair;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.TestData.Case;
import io.spindle.accumulator.LongAccumulator;
import io.spindle.config.SpindleConfigs;
import io.spindle.rdd.Dependency;
import io.spindle.rdd.ShuffleDependency;
import io.spindle.shuffle.FetchFailedException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Lost map output (a shuffle file deleted or damaged after its map stage ran) is recomputed: the
 * reducer's fetch failure makes the DAG scheduler re-run exactly the lost map partitions and
 * resubmit the reading stage, and the job's result equals a plain-Java reference. Map tasks are
 * counted through static counters (local mode shares the JVM).
 */
class FetchFailureTest {
  /** "label/partition" -> how many times a task of that partition started computing. */
  private static final Map<String, AtomicInteger> RUNS = new ConcurrentHashMap<>();

  @TempDir
  Path localDir;
  private SpindleContext ctx;
  private final List<SpindleListener.TaskInfo> tasks = new CopyOnWriteArrayList<>();
  private final List<SpindleListener.StageInfo> completedStages = new CopyOnWriteArrayList<>();
  private final List<SpindleListener.StageInfo> submittedStages = new CopyOnWriteArrayList<>();

  @BeforeEach
  void clear() {
    RUNS.clear();
  }

  @AfterEach
  void stop() {
    if (ctx != null) {
      ctx.close();
    }
  }

  private void start(String... settings) {
    SpindleConf conf = new SpindleConf(false).setMaster("local[3]").set(SpindleConfigs.LOCAL_DIR.key(),
        localDir.toString());
    for (int i = 0; i < settings.length; i += 2) {
      conf.set(settings[i], settings[i + 1]);
    }
    ctx = new SpindleContext(conf);
    ctx.addListener(new SpindleListener() {
      @Override
      public void onTaskEnd(TaskInfo task) {
        tasks.add(task);
      }

      @Override
      public void onStageCompleted(StageInfo stage) {
        completedStages.add(stage);
      }

      @Override
      public void onStageSubmitted(StageInfo stage) {
        submittedStages.add(stage);
      }
    });
  }

  static Stream<Case> cases() {
    return TestData.cases();
  }

  private static void ran(String label) {
    RUNS.computeIfAbsent(label + "/" + TaskContext.get().partitionId(), k -> new AtomicInteger()).incrementAndGet();
  }

  private static int runs(String label, int partition) {
    AtomicInteger n = RUNS.get(label + "/" + partition);
    return n == null ? 0 : n.get();
  }

  /** Word counts, counting map tasks ("map") and records (the accumulator) on the map side. */
  private static PairRdd<String, Long> wordCounts(Rdd<String> words, int reducers, LongAccumulator mapped) {
    return words.mapPartitions(it -> {
      ran("map");
      return it;
    }).mapToPair(w -> {
      mapped.add(1);
      return Pair.of(w, 1L);
    }).reduceByKey(Long::sum, reducers);
  }

  private static Map<String, Long> reference(List<String> words) {
    Map<String, Long> counts = new TreeMap<>();
    words.forEach(w -> counts.merge(w, 1L, Long::sum));
    return counts;
  }

  private static <K, V> Map<K, V> sorted(Map<K, V> map) {
    return new TreeMap<>(map);
  }

  // ---- Finding shuffle files

  /** The id of the nearest shuffle upstream of {@code rdd}. */
  private static int shuffleIdOf(Rdd<?> rdd) {
    Deque<io.spindle.rdd.RddNode<?>> todo = new ArrayDeque<>(List.of(rdd.node()));
    while (!todo.isEmpty()) {
      for (Dependency<?> dep : todo.pop().dependencies()) {
        if (dep instanceof ShuffleDependency<?, ?, ?> shuffle) {
          return shuffle.shuffleId();
        }
        todo.add(dep.rdd());
      }
    }
    throw new AssertionError("no shuffle upstream of " + rdd);
  }

  private Optional<Path> shuffleFile(int shuffleId, int mapId, String extension) {
    String name = "shuffle_" + shuffleId + "_" + mapId + "." + extension;
    try (Stream<Path> files = Files.walk(localDir)) {
      return files.filter(p -> p.getFileName().toString().equals(name)).findFirst();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path existingShuffleFile(int shuffleId, int mapId, String extension) {
    return shuffleFile(shuffleId, mapId, extension)
        .orElseThrow(() -> new AssertionError("no " + extension + " file of shuffle " + shuffleId + " map " + mapId));
  }

  /** How a map output gets lost. */
  enum Loss {
    DATA_FILE_DELETED, INDEX_FILE_DELETED, DATA_CORRUPTED;

    void inflict(FetchFailureTest test, int shuffleId, int mapId) {
      try {
        switch (this) {
          case DATA_FILE_DELETED -> Files.delete(test.existingShuffleFile(shuffleId, mapId, "data"));
          case INDEX_FILE_DELETED -> Files.delete(test.existingShuffleFile(shuffleId, mapId, "index"));
          case DATA_CORRUPTED -> {
            try (RandomAccessFile f = new RandomAccessFile(test.existingShuffleFile(shuffleId, mapId, "data").toFile(),
                "rw")) {
              long middle = f.length() / 2;
              f.seek(middle);
              int b = f.read();
              f.seek(middle);
              f.write(b ^ 0xFF);
            }
          }
          default -> throw new AssertionError(this);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Listeners run on the bus: wait until they heard the events of the actions that returned. */
  private void listenersCaughtUp() {
    assertTrue(ctx.waitForListeners(30_000), "listener bus did not drain");
  }

  private long fetchFailedTasks() {
    listenersCaughtUp();
    return tasks.stream().filter(t -> t.failure() != null && t.failure().contains(FetchFailedException.class.getName()))
        .count();
  }

  // ---- Tests

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void lostMapOutputIsRecomputedForEveryInputShape(Case c) throws IOException {
    start();
    LongAccumulator mapped = ctx.longAccumulator("mapped");
    PairRdd<String, Long> counts = wordCounts(ctx.parallelize(c.words(), c.slices()), 4, mapped);
    Map<String, Long> expected = reference(c.words());
    assertEquals(expected, sorted(counts.collectAsMap()));

    int lost = c.slices() / 2;
    int shuffleId = shuffleIdOf(counts);
    Path data = existingShuffleFile(shuffleId, lost, "data");
    boolean readByReducers = Files.size(data) > 0; // an empty output is never fetched, so never missed
    Files.delete(data);

    assertEquals(expected, sorted(counts.collectAsMap()), "the second job reads the reused shuffle");
    for (int p = 0; p < c.slices(); p++) {
      int expectedRuns = p == lost && readByReducers ? 2 : 1;
      assertEquals(expectedRuns, runs("map", p), "runs of map partition " + p);
    }
    assertEquals(readByReducers, fetchFailedTasks() > 0, tasks.toString());
    assertEquals(c.words().size(), mapped.value(), "a recomputed map partition's updates count once");
  }

  @ParameterizedTest
  @EnumSource(Loss.class)
  void everyKindOfLossIsRecoveredByRerunningOnlyTheLostMapTask(Loss loss) {
    start();
    List<String> words = TestData.random(5_000, 400, 3);
    LongAccumulator mapped = ctx.longAccumulator("mapped");
    PairRdd<String, Long> counts = wordCounts(ctx.parallelize(words, 7), 5, mapped);
    Map<String, Long> expected = reference(words);
    assertEquals(expected, sorted(counts.collectAsMap()));

    loss.inflict(this, shuffleIdOf(counts), 3);
    listenersCaughtUp();
    int submittedBefore = submittedStages.size();
    assertEquals(expected, sorted(counts.collectAsMap()));
    for (int p = 0; p < 7; p++) {
      assertEquals(p == 3 ? 2 : 1, runs("map", p), "runs of map partition " + p);
    }
    // Job 2: result stage attempt 0 (fails on the fetch), map stage with 1 task, result stage attempt 1.
    listenersCaughtUp();
    List<SpindleListener.StageInfo> job2 = submittedStages.subList(submittedBefore, submittedStages.size());
    assertEquals(3, job2.size(), "the fetch failures of one attempt coalesced into one resubmission: " + job2);
    assertEquals(List.of(false, true, false), job2.stream().map(SpindleListener.StageInfo::shuffleMap).toList());
    assertEquals(1, job2.get(1).numTasks(), "the map stage re-ran only its missing partition");
    assertEquals(List.of(0, 1), List.of(job2.get(0).attempt(), job2.get(2).attempt()));
    assertEquals(5, job2.get(0).numTasks());
    assertTrue(job2.get(2).numTasks() <= 5, "the resubmitted attempt runs only unfinished partitions");
    assertTrue(fetchFailedTasks() > 0);
    assertTrue(tasks.stream().noneMatch(t -> t.failure() != null && !t.failure().contains("FetchFailedException")),
        "only fetch failures: " + tasks);
    assertEquals(words.size(), mapped.value());
    // The failed attempt of the result stage was reported as such, the map stage ran again, then the result stage.
    assertTrue(completedStages.stream().anyMatch(s -> !s.shuffleMap() && s.failureReason() != null
        && s.failureReason().contains("shuffle " + shuffleIdOf(counts))), completedStages.toString());

    // Now intact: a third job needs no map task at all.
    assertEquals(expected, sorted(counts.collectAsMap()));
    assertEquals(2, runs("map", 3));
  }

  @Test
  void fetchFailuresDoNotCountAgainstTaskMaxFailures() {
    start(SpindleConfigs.TASK_MAX_FAILURES.key(), "1"); // a single ordinary failure would fail the job
    List<String> words = TestData.skewed(3_000, 4);
    PairRdd<String, Long> counts = wordCounts(ctx.parallelize(words, 4), 3, ctx.longAccumulator());
    counts.count();
    for (int m = 0; m < 4; m++) {
      Loss.DATA_FILE_DELETED.inflict(this, shuffleIdOf(counts), m); // every map output is gone
    }
    assertEquals(reference(words), sorted(counts.collectAsMap()));
    for (int p = 0; p < 4; p++) {
      assertEquals(2, runs("map", p));
    }
  }

  @Test
  void everyAttemptFailingToFetchFailsTheJobAfterMaxConsecutiveAttempts() {
    start(SpindleConfigs.STAGE_MAX_CONSECUTIVE_ATTEMPTS.key(), "3");
    List<String> words = TestData.random(2_000, 100, 8);
    PairRdd<String, Long> counts = wordCounts(ctx.parallelize(words, 4), 3, ctx.longAccumulator());
    int shuffleId = shuffleIdOf(counts);
    // Each time the map stage completes, map output 0 disappears before any reducer reads it (on the
    // scheduler's thread, so before it submits the next stage).
    ctx.addListenerOnSchedulerThread(new SpindleListener() {
      @Override
      public void onStageCompleted(StageInfo stage) {
        if (stage.shuffleMap() && stage.failureReason() == null) {
          Loss.DATA_FILE_DELETED.inflict(FetchFailureTest.this, shuffleId, 0);
        }
      }
    });

    JobFailedException e = assertThrows(JobFailedException.class, counts::collect);
    String message = e.getMessage();
    assertTrue(message.contains("result stage"), message);
    assertTrue(message.contains("failed 3 consecutive attempts"), message);
    assertTrue(message.contains("spindle.stage.maxConsecutiveAttempts"), message);
    assertTrue(message.contains("shuffle " + shuffleId + " output could not be fetched"), message);
    assertTrue(message.contains("most recent fetch failure: Could not read shuffle " + shuffleId + " map 0"), message);
    FetchFailedException cause = assertInstanceOf(FetchFailedException.class, e.getCause());
    assertEquals(shuffleId, cause.shuffleId());
    assertEquals(0, cause.mapIndex());
    assertEquals(3, runs("map", 0), "the first run and one re-run before each of the 2 resubmitted attempts");
    for (int p = 1; p < 4; p++) {
      assertEquals(1, runs("map", p));
    }
  }

  @Test
  void userExceptionInAReduceTaskFailsAfterTaskMaxFailuresWithTheUsersException() {
    start(SpindleConfigs.TASK_MAX_FAILURES.key(), "2");
    List<String> words = TestData.random(1_000, 50, 9);
    PairRdd<String, Long> counts = wordCounts(ctx.parallelize(words, 4), 3, ctx.longAccumulator());
    JobFailedException e = assertThrows(JobFailedException.class, () -> counts.groupByKey().mapValues(values -> {
      if (TaskContext.get().partitionId() == 1) {
        throw new IllegalStateException("user bug while consuming shuffled records");
      }
      return values;
    }).collect());

    IllegalStateException cause = assertInstanceOf(IllegalStateException.class, e.getCause());
    assertEquals("user bug while consuming shuffled records", cause.getMessage());
    assertTrue(e.getMessage().contains("failed 2 times"), e.getMessage());
    assertEquals(0, fetchFailedTasks(), "a user exception is not a fetch failure");
    for (int p = 0; p < 4; p++) {
      assertEquals(1, runs("map", p), "no map task re-ran");
    }
  }

  @Test
  void userCodeThatCatchesTheFetchFailureStillGetsTheMapOutputRecomputed() {
    start(SpindleConfigs.TASK_MAX_FAILURES.key(), "1");
    List<String> words = TestData.random(3_000, 200, 10);
    PairRdd<String, Long> counts = wordCounts(ctx.parallelize(words, 5), 3, ctx.longAccumulator());
    Rdd<Pair<String, Long>> wrapped = counts.mapPartitions(it -> {
      List<Pair<String, Long>> all = new ArrayList<>();
      try {
        it.forEachRemaining(all::add);
      } catch (RuntimeException swallowed) {
        throw new IllegalArgumentException("the user's own exception, hiding " + swallowed.getClass().getSimpleName());
      }
      return all.iterator();
    });
    wrapped.count();
    Loss.DATA_FILE_DELETED.inflict(this, shuffleIdOf(counts), 2);

    Map<String, Long> got = new TreeMap<>();
    wrapped.collect().forEach(p -> got.put(p.key(), p.value()));
    assertEquals(reference(words), got);
    assertEquals(2, runs("map", 2));
  }

  @Test
  void twoShuffleJobRecoversWhenTheMiddleShufflesOutputIsLostBeforeItIsRead() {
    start();
    List<String> words = TestData.skewed(4_000, 12);
    // word -> count (shuffle A), then count -> how many words have it (shuffle B)
    PairRdd<String, Long> counts = wordCounts(ctx.parallelize(words, 6), 5, ctx.longAccumulator());
    PairRdd<Long, Integer> histogram = counts.mapPartitions(it -> {
      ran("middle");
      return it;
    }).mapToPair(p -> Pair.of(p.value(), 1)).reduceByKey(Integer::sum, 3);
    int shuffleA = shuffleIdOf(counts);
    AtomicInteger deletions = new AtomicInteger();
    ctx.addListenerOnSchedulerThread(new SpindleListener() {
      @Override
      public void onStageCompleted(StageInfo stage) {
        // The first time the first map stage completes, one of its outputs vanishes before the middle stage reads it.
        if (stage.shuffleMap() && stage.name().contains("shuffle " + shuffleA + ",") && deletions.getAndIncrement() == 0) {
          Loss.DATA_FILE_DELETED.inflict(FetchFailureTest.this, shuffleA, 4);
        }
      }
    });

    Map<Long, Integer> expected = new TreeMap<>();
    reference(words).values().forEach(n -> expected.merge(n, 1, Integer::sum));
    assertEquals(expected, sorted(histogram.collectAsMap()));
    for (int p = 0; p < 6; p++) {
      assertEquals(p == 4 ? 2 : 1, runs("map", p), "runs of map partition " + p);
    }
    assertTrue(fetchFailedTasks() > 0);
    for (int p = 0; p < 5; p++) {
      assertTrue(runs("middle", p) >= 1 && runs("middle", p) <= 2, "middle partition " + p + " ran " + runs("middle", p));
    }
  }

  @Test
  void twoShuffleJobRecoversWhenOutputsOfBothShufflesAreLost() {
    start();
    List<String> words = TestData.random(6_000, 500, 13);
    PairRdd<String, Long> counts = wordCounts(ctx.parallelize(words, 6), 5, ctx.longAccumulator());
    PairRdd<Long, Integer> histogram = counts.mapPartitions(it -> {
      ran("middle");
      return it;
    }).mapToPair(p -> Pair.of(p.value(), 1)).reduceByKey(Integer::sum, 3);
    Map<Long, Integer> expected = new TreeMap<>();
    reference(words).values().forEach(n -> expected.merge(n, 1, Integer::sum));
    assertEquals(expected, sorted(histogram.collectAsMap()));

    // The result stage misses middle output 2; re-running middle partition 2 then misses first-stage output 1.
    Loss.DATA_FILE_DELETED.inflict(this, shuffleIdOf(histogram), 2);
    Loss.DATA_FILE_DELETED.inflict(this, shuffleIdOf(counts), 1);
    assertEquals(expected, sorted(histogram.collectAsMap()));
    for (int p = 0; p < 6; p++) {
      assertEquals(p == 1 ? 2 : 1, runs("map", p), "runs of map partition " + p);
    }
    for (int p = 0; p < 5; p++) {
      assertEquals(p == 2 ? 2 : 1, runs("middle", p), "runs of middle partition " + p);
    }
  }

  @Test
  void outputIsPublishedOnceWhenTheSavingStageIsResubmitted() throws IOException {
    start();
    List<String> words = TestData.unicode(2_000, 14);
    PairRdd<String, Long> counts = wordCounts(ctx.parallelize(words, 4), 3, ctx.longAccumulator());
    counts.count();
    Loss.DATA_FILE_DELETED.inflict(this, shuffleIdOf(counts), 0);
    Loss.DATA_FILE_DELETED.inflict(this, shuffleIdOf(counts), 3);

    Path out = localDir.resolve("out");
    counts.map(p -> p.key() + "\t" + p.value()).saveAsTextFile(out.toString());

    List<Path> parts;
    try (Stream<Path> files = Files.list(out)) {
      parts = files.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList();
    }
    assertEquals(3, parts.size(), parts.toString());
    Map<String, Long> written = new HashMap<>();
    for (Path part : parts) {
      for (String line : Files.readAllLines(part)) {
        String[] kv = line.split("\t");
        assertEquals(null, written.put(kv[0], Long.parseLong(kv[1])), "written twice: " + kv[0]);
      }
    }
    assertEquals(reference(words), sorted(written));
    assertTrue(Files.exists(out.resolve("_SUCCESS")));
    try (Stream<Path> files = Files.walk(out)) {
      assertFalse(files.anyMatch(p -> p.getFileName().toString().startsWith("_temporary")
          && Files.isDirectory(p)), "no attempt directories left behind");
    }
    assertEquals(2, runs("map", 0));
    assertEquals(2, runs("map", 3));
  }
}
