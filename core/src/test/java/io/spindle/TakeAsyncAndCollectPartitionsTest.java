package io.spindle;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.TestData.Case;
import io.spindle.function.Pair;
import io.spindle.function.SpindleListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Rdd.takeAsync and Rdd.collectPartitions against plain-Java references: {@code take}'s semantics on the
 * Java list, and parallelize's documented slicing (slice i holds elements [i·n/s, (i+1)·n/s)).
 */
class TakeAsyncAndCollectPartitionsTest {
  private static SpindleContext ctx;
  private static final AtomicInteger JOBS = new AtomicInteger();
  private static final List<SpindleListener.TaskInfo> TASKS = new CopyOnWriteArrayList<>();
  private static final List<SpindleListener.TaskStartInfo> STARTED = new CopyOnWriteArrayList<>();
  private static final AtomicInteger INTERRUPTED = new AtomicInteger();

  @BeforeAll
  static void start() {
    ctx = new SpindleContext(new SpindleConf(false).setMaster("local[2]"));
    ctx.addListener(new SpindleListener() {
      @Override
      public void onJobStart(int jobId, List<Integer> stageIds) {
        JOBS.incrementAndGet();
      }

      @Override
      public void onTaskStart(TaskStartInfo task) {
        STARTED.add(task);
      }

      @Override
      public void onTaskEnd(TaskInfo task) {
        TASKS.add(task);
      }
    });
  }

  @AfterAll
  static void stop() {
    ctx.close();
  }

  @BeforeEach
  void clear() {
    assertTrue(ctx.waitForListeners(30_000), "the previous test's events delivered");
    JOBS.set(0);
    TASKS.clear();
    STARTED.clear();
  }

  static Stream<Case> cases() {
    return TestData.cases();
  }

  /** parallelize's slices by its rule, computed here. */
  private static <T> List<List<T>> slices(List<T> data, int slices) {
    List<List<T>> out = new ArrayList<>();
    long n = data.size();
    for (int i = 0; i < slices; i++) {
      out.add(new ArrayList<>(data.subList((int) (i * n / slices), (int) ((i + 1) * n / slices))));
    }
    return out;
  }

  private static int jobsSinceClear() {
    assertTrue(ctx.waitForListeners(30_000), "job events delivered");
    return JOBS.getAndSet(0);
  }

  // ---------------------------------------------------------------- takeAsync

  @ParameterizedTest
  @MethodSource("cases")
  void takeAsyncGivesTheFirstElements(Case c) throws Exception {
    Rdd<String> words = ctx.parallelize(c.words(), c.slices());
    int n = c.words().size();
    for (int num : new int[] {0, 1, 3, n / 2, n, n + 5}) {
      List<String> expected = c.words().subList(0, Math.min(num, n));
      JobFuture<List<String>> future = words.takeAsync(num);
      assertEquals(expected, future.get(30, TimeUnit.SECONDS), c.name() + ", num " + num);
      assertTrue(future.isDone());
      assertFalse(future.isCancelled());
      int asyncJobs = jobsSinceClear();
      assertEquals(asyncJobs, future.jobIds().size(), "jobIds lists every job it ran");
      assertEquals(expected, words.take(num));
      assertEquals(jobsSinceClear(), asyncJobs, "as many jobs as take(" + num + ")");
    }
  }

  @Test
  void takeAsyncReadsOnlyThePartitionsItNeeds() throws Exception {
    List<Integer> data = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      data.add(i);
    }
    // 10 partitions of 10: 15 elements need partitions 0 (round 1) and 1-4 (round 2), not 5-9.
    assertEquals(data.subList(0, 15), ctx.parallelize(data, 10).takeAsync(15).get(30, TimeUnit.SECONDS));
    assertTrue(ctx.waitForListeners(30_000));
    Set<Integer> read = new HashSet<>();
    TASKS.forEach(t -> read.add(t.partition()));
    assertEquals(Set.of(0, 1, 2, 3, 4), read);
    assertEquals(2, JOBS.get());
  }

  @Test
  void aFailingTakeAsyncThrowsExecutionExceptionWithTheCause() {
    JobFuture<List<Integer>> failing = ctx.parallelize(List.of(1, 2, 3, 4), 4).map(x -> {
      if (x == 3) {
        throw new IllegalStateException("bad record " + x);
      }
      return x;
    }).takeAsync(4);
    ExecutionException e = assertThrows(ExecutionException.class, () -> failing.get(30, TimeUnit.SECONDS));
    Throwable cause = e.getCause();
    StringBuilder causes = new StringBuilder();
    for (Throwable t = cause; t != null; t = t.getCause()) {
      causes.append(t).append(" / ");
    }
    assertTrue(causes.toString().contains("bad record 3"), causes.toString());
  }

  @Test
  @Timeout(40)
  void cancellingTakeAsyncStopsItsJobAndSubmitsNoOther() throws Exception {
    INTERRUPTED.set(0);
    Rdd<Integer> slow = ctx.parallelize(List.of(1, 2, 3, 4), 4).map(x -> {
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        INTERRUPTED.incrementAndGet();
        throw e;
      }
      return x;
    });
    JobFuture<List<Integer>> taking = slow.takeAsync(4);
    await().atMost(Duration.ofSeconds(20)).until(() -> STARTED.size() == 1);
    assertEquals(1, taking.jobIds().size());
    assertFalse(taking.isDone());
    assertTrue(taking.cancel(true));
    assertTrue(taking.isCancelled());
    assertThrows(CancellationException.class, () -> taking.get(20, TimeUnit.SECONDS));
    assertTrue(taking.isDone());
    assertFalse(taking.cancel(true), "already done");
    await().atMost(Duration.ofSeconds(20)).until(() -> INTERRUPTED.get() == 1);
    assertTrue(ctx.waitForListeners(30_000));
    assertEquals(1, JOBS.get(), "no second round after the cancel");
    assertEquals(1, taking.jobIds().size());
  }

  @Test
  @Timeout(40)
  void takeAsyncJobsCarryTheCallersJobGroup() throws Exception {
    INTERRUPTED.set(0);
    Rdd<Integer> slow = ctx.parallelize(List.of(1, 2), 2).map(x -> {
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        INTERRUPTED.incrementAndGet();
        throw e;
      }
      return x;
    });
    ctx.setJobGroup("take-async-group", "takeAsync in a group", true);
    JobFuture<List<Integer>> taking;
    try {
      taking = slow.takeAsync(2);
    } finally {
      ctx.clearJobGroup();
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> STARTED.size() == 1);
    ctx.cancelJobGroup("take-async-group");
    assertThrows(CancellationException.class, () -> taking.get(20, TimeUnit.SECONDS));
    await().atMost(Duration.ofSeconds(20)).until(() -> INTERRUPTED.get() == 1);
  }

  // ---------------------------------------------------------------- collectPartitions

  @ParameterizedTest
  @MethodSource("cases")
  void collectPartitionsGivesTheAskedSlices(Case c) {
    Rdd<String> words = ctx.parallelize(c.words(), c.slices());
    List<List<String>> expected = slices(c.words(), c.slices());
    int[] reversed = new int[c.slices()];
    for (int i = 0; i < reversed.length; i++) {
      reversed[i] = c.slices() - 1 - i;
    }
    List<String>[] got = words.collectPartitions(reversed);
    assertEquals(reversed.length, got.length);
    for (int i = 0; i < reversed.length; i++) {
      assertEquals(expected.get(reversed[i]), got[i], c.name() + ", partition " + reversed[i]);
    }
    assertEquals(1, jobsSinceClear(), "one job");

    int last = c.slices() - 1;
    TASKS.clear();
    List<String>[] some = words.collectPartitions(new int[] {last, 0, last});
    assertEquals(List.of(expected.get(last), expected.get(0), expected.get(last)), List.of(some));
    some[0].add("changed");
    assertEquals(expected.get(last), some[2], "a repeated id's list is a list of its own");
    assertEquals(1, jobsSinceClear(), "one job");
    Set<Integer> computed = new HashSet<>();
    TASKS.forEach(t -> computed.add(t.partition()));
    assertEquals(new HashSet<>(List.of(0, last)), computed, "only the asked partitions, each once");
    assertEquals(last == 0 ? 1 : 2, TASKS.size());
  }

  @Test
  void collectPartitionsOfAShuffledRddMatchesTheTaggedPartitions() {
    List<Integer> data = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      data.add(i % 97);
    }
    Rdd<Pair<Integer, Integer>> tagged = ctx.parallelize(data, 4).repartition(6)
        .mapPartitionsWithIndex((index, it) -> {
          List<Pair<Integer, Integer>> out = new ArrayList<>();
          it.forEachRemaining(x -> out.add(Pair.of(index, x)));
          return out.iterator();
        }, false);
    int[] ids = {5, 2, 0, 1, 4, 3};
    List<Pair<Integer, Integer>>[] parts = tagged.collectPartitions(ids);
    List<Integer> all = new ArrayList<>();
    for (int i = 0; i < ids.length; i++) {
      for (Pair<Integer, Integer> p : parts[i]) {
        assertEquals(ids[i], p.key(), "an element computed by partition " + p.key() + " in the list of " + ids[i]);
        all.add(p.value());
      }
    }
    List<Integer> expected = new ArrayList<>(data);
    Collections.sort(expected);
    Collections.sort(all);
    assertEquals(expected, all, "the partitions together hold every element once");
  }

  @Test
  void collectPartitionsOfNoIdsRunsNoJob() {
    assertEquals(0, ctx.parallelize(List.of(1, 2, 3), 2).collectPartitions(new int[0]).length);
    assertEquals(0, jobsSinceClear());
  }

  @Test
  void collectPartitionsRefusesAnIdOutOfRange() {
    Rdd<Integer> rdd = ctx.parallelize(List.of(1, 2, 3), 3);
    for (int bad : new int[] {3, -1, 100}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> rdd.collectPartitions(new int[] {0, bad}));
      assertEquals("collectPartitions: no partition " + bad + "; this RDD has 3 partitions (ids 0 to 2)", e.getMessage());
    }
    assertEquals(0, jobsSinceClear(), "refused before any job");
  }
}
