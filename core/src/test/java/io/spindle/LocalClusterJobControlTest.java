package io.spindle;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.cluster.ClusterBackend;
import io.spindle.function.JobCancelledException;
import io.spindle.function.SpindleListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cancellation on a cluster backend ({@code local-cluster[1,2,384]}: one executor JVM with two task
 * threads, driver ↔ executor RPC): the driver's {@code KILL_TASK} interrupts a cancelled job's tasks
 * in the executor process, they report themselves killed, nothing of their output is committed, and
 * the same executor runs the next job.
 */
class LocalClusterJobControlTest {
  private static final long TASK_MILLIS = 60_000;
  private static SpindleContext ctx;
  private static final List<SpindleListener.TaskStartInfo> STARTED = new CopyOnWriteArrayList<>();
  private static final List<SpindleListener.TaskInfo> ENDED = new CopyOnWriteArrayList<>();

  @TempDir
  Path dir;

  @BeforeAll
  static void start() {
    ctx = new SpindleContext(new SpindleConf(false).setMaster("local-cluster[1,2,384]")
        .set("spindle.ui.enabled", "false"));
    ctx.addListenerOnSchedulerThread(new SpindleListener() {
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
    STARTED.clear();
    ENDED.clear();
  }

  /** Two partitions whose tasks sleep {@code millis} in the executor (user code that honours interrupts). */
  private static Rdd<Integer> sleeping(long millis) {
    return ctx.parallelize(List.of(1, 2, 3, 4), 2).map(x -> {
      Thread.sleep(millis);
      return x;
    });
  }

  private static CompletableFuture<Throwable> inGroup(String group, boolean interrupt, Runnable action) {
    return CompletableFuture.supplyAsync(() -> {
      ctx.setJobGroup(group, "cancelled by the test", interrupt);
      try {
        action.run();
        return null;
      } catch (Throwable t) {
        return t;
      } finally {
        ctx.clearJobGroup();
      }
    });
  }

  @Test
  @Timeout(90)
  void cancelJobGroupInterruptsTheExecutorsTasksCommitsNothingAndTheExecutorRunsTheNextJob() throws Exception {
    String out = dir.resolve("out").toString();
    Rdd<Integer> rdd = sleeping(TASK_MILLIS);
    CompletableFuture<Throwable> action = inGroup("nightly", true, () -> rdd.saveAsTextFile(out));
    await().atMost(Duration.ofSeconds(60)).until(() -> STARTED.size() == 2);
    ctx.cancelJobGroup("nightly");
    Throwable failure = action.get(20, TimeUnit.SECONDS);
    assertInstanceOf(JobCancelledException.class, failure);
    // The executor's threads sleep a minute unless KILL_TASK interrupted them: their ends arriving
    // within these waits is the proof, and they say they were killed.
    await().atMost(Duration.ofSeconds(20)).until(() -> ENDED.size() == 2);
    for (SpindleListener.TaskInfo t : ENDED) {
      assertFalse(t.succeeded(), t.toString());
      assertTrue(t.failure().contains("TaskKilledException") && t.failure().contains("cancelled"), t.failure());
    }
    Path outDir = Path.of(out);
    if (Files.exists(outDir)) {
      try (Stream<Path> files = Files.walk(outDir)) {
        List<String> names = files.map(p -> p.getFileName().toString()).toList();
        assertFalse(names.contains("_SUCCESS"), names.toString());
        assertTrue(names.stream().noneMatch(n -> n.startsWith("part-")), names.toString());
      }
    }
    String executor = ENDED.get(0).executorId();
    ENDED.clear();
    assertEquals(List.of(2, 4, 6, 8), ctx.parallelize(List.of(1, 2, 3, 4), 2).map(x -> x * 2).collect(),
        "the executor runs the next job");
    assertEquals(List.of(executor), ((ClusterBackend) ctx.schedulerBackend()).executorIds(),
        "no executor was lost or replaced");
    await().atMost(Duration.ofSeconds(10)).until(() -> ENDED.size() == 2);
    assertEquals(Set.of(executor), ENDED.stream().map(SpindleListener.TaskInfo::executorId).collect(
        Collectors.toSet()));
  }

  @Test
  @Timeout(60)
  void withoutInterruptTheTasksRunToTheirEndAndReportThemselvesKilled() throws Exception {
    long taskMillis = 3_000;
    Rdd<Integer> rdd = sleeping(taskMillis);
    CompletableFuture<Throwable> action = inGroup("gentle", false, rdd::count);
    await().atMost(Duration.ofSeconds(60)).until(() -> STARTED.size() == 2);
    ctx.cancelJobGroup("gentle");
    assertInstanceOf(JobCancelledException.class, action.get(20, TimeUnit.SECONDS),
        "the job ends at once, without waiting for its tasks");
    await().atMost(Duration.ofSeconds(20)).until(() -> ENDED.size() == 2);
    for (SpindleListener.TaskInfo t : ENDED) {
      assertTrue(t.failure() != null && t.failure().contains("TaskKilledException"), String.valueOf(t.failure()));
    }
    assertEquals(4L, ctx.parallelize(List.of(1, 2, 3, 4), 2).count());
  }
}
