package io.spindle;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.TestData.Case;
import io.spindle.function.JobCancelledException;
import io.spindle.function.SpindleListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Job groups, cancellation and async actions: a cancelled job ends at once with a
 * JobCancelledException, its tasks are interrupted when the group asks for it (they sleep a minute
 * otherwise), and a cancelled save leaves no part file and no _SUCCESS; async actions give the
 * results of their blocking twins.
 */
class JobControlTest {
  private static SpindleContext ctx;
  private static final List<SpindleListener.TaskStartInfo> STARTED = new CopyOnWriteArrayList<>();
  private static final List<SpindleListener.TaskInfo> ENDED = new CopyOnWriteArrayList<>();
  /** Per test: how many tasks saw their sleep interrupted. */
  private static final ConcurrentHashMap<String, AtomicInteger> INTERRUPTED = new ConcurrentHashMap<>();
  private static final long TASK_MILLIS = 60_000;

  @TempDir
  Path dir;

  @BeforeAll
  static void start() {
    ctx = new SpindleContext(new SpindleConf(false).setMaster("local[2]"));
    ctx.addListener(new SpindleListener() {
      @Override
      public void onTaskStart(TaskStartInfo task) {
        STARTED.add(task);
      }

      @Override
      public void onTaskEnd(TaskInfo task) {
        ENDED.add(task);
      }
    });
  }

  @AfterAll
  static void stop() {
    ctx.close();
  }

  @BeforeEach
  void clear() {
    assertTrue(ctx.waitForListeners(30_000), "listener bus drained"); // the previous test's late events land first
    STARTED.clear();
    ENDED.clear();
  }

  static Stream<Case> cases() {
    return TestData.cases();
  }

  /** Two partitions whose tasks sleep a minute, counting interrupts under {@code key}. */
  private static Rdd<Integer> slow(String key) {
    INTERRUPTED.put(key, new AtomicInteger());
    return ctx.parallelize(List.of(1, 2, 3, 4), 2).map(x -> {
      try {
        Thread.sleep(TASK_MILLIS);
      } catch (InterruptedException e) {
        INTERRUPTED.get(key).incrementAndGet();
        throw e;
      }
      return x;
    });
  }

  @Test
  @Timeout(40)
  void cancelJobGroupEndsTheJobInterruptsItsTasksAndCommitsNothing() throws Exception {
    String out = dir.resolve("out").toString();
    Rdd<Integer> rdd = slow("group");
    CompletableFuture<Throwable> action = CompletableFuture.supplyAsync(() -> {
      ctx.setJobGroup("nightly", "a save that is cancelled", true);
      try {
        rdd.saveAsTextFile(out);
        return null;
      } catch (Throwable t) {
        return t;
      } finally {
        ctx.clearJobGroup();
      }
    });
    await().atMost(Duration.ofSeconds(20)).until(() -> STARTED.size() == 2);
    ctx.cancelJobGroup("nightly");
    // The tasks sleep TASK_MILLIS (a minute): an action that waited for them would not end within this wait.
    Throwable failure = action.get(20, TimeUnit.SECONDS);
    assertInstanceOf(JobCancelledException.class, failure);
    assertTrue(failure.getMessage().contains("nightly"), failure.getMessage());
    // The tasks sleep a minute unless interrupted (in the sleep, or earlier while creating their file).
    await().atMost(Duration.ofSeconds(20)).until(() -> ENDED.size() == 2);
    assertTrue(ENDED.stream().noneMatch(SpindleListener.TaskInfo::succeeded), ENDED.toString());
    Path outDir = Path.of(out);
    if (Files.exists(outDir)) {
      try (Stream<Path> files = Files.walk(outDir)) {
        List<String> names = files.map(p -> p.getFileName().toString()).toList();
        assertFalse(names.contains("_SUCCESS"), names.toString());
        assertTrue(names.stream().noneMatch(n -> n.startsWith("part-")), names.toString());
      }
    }
    assertEquals(4L, ctx.parallelize(List.of(1, 2, 3, 4), 2).count(), "the context runs jobs afterwards");
  }

  @Test
  @Timeout(40)
  void cancelAllJobsAndOtherGroupsAreLeftAlone() throws Exception {
    INTERRUPTED.put("quick", new AtomicInteger());
    Rdd<Integer> rdd = slow("all");
    CompletableFuture<Throwable> action = CompletableFuture.supplyAsync(() -> {
      ctx.setJobGroup("g1", "slow", true);
      try {
        rdd.count();
        return null;
      } catch (Throwable t) {
        return t;
      }
    });
    await().atMost(Duration.ofSeconds(20)).until(() -> STARTED.size() == 2);
    ctx.cancelJobGroup("some other group");
    assertFalse(action.isDone(), "another group's cancellation leaves the job running");
    ctx.cancelAllJobs();
    assertInstanceOf(JobCancelledException.class, action.get(20, TimeUnit.SECONDS));
    await().atMost(Duration.ofSeconds(20)).until(() -> INTERRUPTED.get("all").get() == 2);
  }

  @Test
  @Timeout(40)
  void anAsyncActionsCancelStopsItsJob() throws Exception {
    JobFuture<Long> counting = slow("future").countAsync();
    assertEquals(1, counting.jobIds().size());
    await().atMost(Duration.ofSeconds(20)).until(() -> STARTED.size() == 2);
    assertFalse(counting.isDone());
    assertTrue(counting.cancel(true));
    assertTrue(counting.isCancelled());
    assertThrows(CancellationException.class, () -> counting.get(20, TimeUnit.SECONDS));
    assertTrue(counting.isDone());
    await().atMost(Duration.ofSeconds(20)).until(() -> INTERRUPTED.get("future").get() == 2);
  }

  @ParameterizedTest
  @MethodSource("cases")
  void asyncActionsGiveTheBlockingResults(Case c) throws Exception {
    Rdd<String> words = ctx.parallelize(c.words(), c.slices());
    assertEquals((long) c.words().size(), words.countAsync().get(30, TimeUnit.SECONDS));
    assertEquals(c.words(), words.collectAsync().get(30, TimeUnit.SECONDS));
    AtomicLong chars = new AtomicLong();
    String key = "chars-" + c.name();
    INTERRUPTED.put(key, new AtomicInteger());
    words.foreachAsync(w -> INTERRUPTED.get(key).addAndGet(w.length())).get(30, TimeUnit.SECONDS);
    chars.set(c.words().stream().mapToLong(String::length).sum());
    assertEquals(chars.get(), INTERRUPTED.get(key).get());
    String parts = "parts-" + c.name();
    INTERRUPTED.put(parts, new AtomicInteger());
    words.foreachPartitionAsync(it -> INTERRUPTED.get(parts).incrementAndGet()).get(30, TimeUnit.SECONDS);
    assertEquals(c.slices(), INTERRUPTED.get(parts).get());
  }

  @Test
  void aFailedAsyncJobThrowsExecutionExceptionWithTheCause() {
    JobFuture<List<Integer>> failing = ctx.parallelize(List.of(1, 2), 1).map(x -> {
      if (x == 2) {
        throw new IllegalArgumentException("bad record " + x);
      }
      return x;
    }).collectAsync();
    ExecutionException e = assertThrows(ExecutionException.class, () -> failing.get(30, TimeUnit.SECONDS));
    assertTrue(String.valueOf(e.getCause()).contains("bad record 2") || String.valueOf(e.getCause().getCause())
        .contains("bad record 2"), String.valueOf(e.getCause()));
  }

  @Test
  void localPropertiesAndJobGroupsBelongToTheThread() throws Exception {
    ctx.setLocalProperty("my.key", "v1");
    ctx.setJobGroup("mine", "desc");
    assertEquals("v1", ctx.getLocalProperty("my.key"));
    assertEquals("mine", ctx.getLocalProperty("spindle.jobGroup.id"));
    List<String> seen = new ArrayList<>();
    Thread child = new Thread(() -> seen.add(ctx.getLocalProperty("my.key")));
    child.start();
    child.join();
    assertEquals(List.of("v1"), seen, "a child thread starts with a copy");
    String other = CompletableFuture.supplyAsync(() -> String.valueOf(ctx.getLocalProperty("spindle.jobGroup.id")),
        r -> new Thread(r).start()).get();
    assertEquals("mine", other);
    ctx.clearJobGroup();
    ctx.setLocalProperty("my.key", null);
    assertEquals(null, ctx.getLocalProperty("spindle.jobGroup.id"));
    assertEquals(null, ctx.getLocalProperty("my.key"));
  }
}
