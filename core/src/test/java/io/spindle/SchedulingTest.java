package io.spindle;

import static org.awaitility.Awaitility.await;
import io.spindle.function.TaskContext;
import io.spindle.function.TaskNotSerializableException;
import io.spindle.function.JobFailedException;
import io.spindle.function.SpindleException;
import io.spindle.function.SpindleListener;
import io.spindle.function.Pair;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Stage structure, map-stage reuse, retries and failure reporting of the scheduler stack. */
class SchedulingTest {
  private static final AtomicInteger SLOW_TASKS_STARTED = new AtomicInteger();
  private SpindleContext ctx;
  private final List<SpindleListener.StageInfo> submitted = new CopyOnWriteArrayList<>();
  private final List<Integer> jobStageCounts = new CopyOnWriteArrayList<>();
  private final List<SpindleListener.TaskInfo> tasks = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    ctx = new SpindleContext(new SpindleConf(false).setMaster("local[2]"));
    ctx.addListenerOnSchedulerThread(new SpindleListener() {
      @Override
      public void onJobStart(int jobId, List<Integer> stageIds) {
        jobStageCounts.add(stageIds.size());
      }

      @Override
      public void onStageSubmitted(StageInfo stage) {
        submitted.add(stage);
      }

      @Override
      public void onTaskEnd(TaskInfo task) {
        tasks.add(task);
      }
    });
  }

  @AfterEach
  void stop() {
    ctx.close();
  }

  private PairRdd<String, Long> wordCounts() {
    List<String> lines = List.of("a b c", "b c", "c", "", "d  a");
    return ctx.parallelize(lines, 3)
        .flatMap(l -> List.of(l.split("\\s+")).iterator())
        .filter(w -> !w.isEmpty())
        .mapToPair(w -> Pair.of(w, 1L))
        .reduceByKey(Long::sum);
  }

  @Test
  void wordCountIsTwoStagesAndPipelinesNarrowTransformations() {
    Map<String, Long> counts = new TreeMap<>(wordCounts().collectAsMap());
    assertEquals(Map.of("a", 2L, "b", 2L, "c", 3L, "d", 1L), counts);
    assertEquals(List.of(2), jobStageCounts, "one shuffle map stage + one result stage");
    assertEquals(2, submitted.size());
    assertTrue(submitted.get(0).shuffleMap());
    assertEquals(3, submitted.get(0).numTasks(), "one map task per input partition");
    // flatMap, filter and mapToPair ran inside the map tasks: no stage of their own.
    assertEquals(3 + 3, tasks.size(), "3 map tasks + 3 reduce tasks (reduceByKey keeps 3 partitions)");
  }

  @Test
  void secondActionOnShuffledRddSkipsTheFinishedMapStage() {
    PairRdd<String, Long> counts = wordCounts();
    assertEquals(4, counts.count());
    submitted.clear();
    tasks.clear();
    assertEquals(8L, counts.values().reduce(Long::sum));
    assertEquals(1, submitted.size(), "only the result stage runs again");
    assertTrue(!submitted.get(0).shuffleMap());
    assertTrue(tasks.stream().allMatch(t -> t.stageId() == submitted.get(0).stageId()));
  }

  @Test
  void stagesOfAChainOfShufflesRunParentsFirst() {
    Rdd<Pair<Long, Long>> histogram = wordCounts().mapToPair(p -> Pair.of(p.value(), 1L)).reduceByKey(Long::sum, 2);
    assertEquals(Map.of(1L, 1L, 2L, 2L, 3L, 1L), new TreeMap<>(PairRdd.of(histogram).collectAsMap()));
    assertEquals(3, submitted.size());
    assertTrue(submitted.get(0).shuffleMap() && submitted.get(1).shuffleMap() && !submitted.get(2).shuffleMap());
  }

  static final AtomicInteger ATTEMPTS = new AtomicInteger();

  @Test
  void taskThatAlwaysThrowsFailsTheJobWithTheUserExceptionAfterFourAttempts() {
    ATTEMPTS.set(0);
    Rdd<Integer> rdd = ctx.parallelize(List.of(1, 2, 3, 4), 2).map(x -> {
      if (x == 3) {
        ATTEMPTS.incrementAndGet();
        throw new IllegalStateException("bad record " + x);
      }
      return x;
    });
    JobFailedException e = assertThrows(JobFailedException.class, rdd::collect);
    assertEquals(4, ATTEMPTS.get(), "spindle.task.maxFailures defaults to 4");
    IllegalStateException cause = assertInstanceOf(IllegalStateException.class, e.getCause());
    assertEquals("bad record 3", cause.getMessage());
    assertTrue(cause.getStackTrace().length > 0);
    assertTrue(e.getMessage().contains("failed 4 times"), e.getMessage());
    assertTrue(e.getMessage().contains("bad record 3"), e.getMessage());
    // The context is still usable after a failed job.
    assertEquals(List.of(1, 2), ctx.parallelize(List.of(1, 2), 2).collect());
  }

  @Test
  void maxFailuresIsConfigurable() {
    ATTEMPTS.set(0);
    try (SpindleContext one = new SpindleContext(new SpindleConf(false).setMaster("local[1]")
        .set("spindle.task.maxFailures", "1"))) {
      Rdd<Integer> rdd = one.parallelize(List.of(1), 1).map(x -> {
        ATTEMPTS.incrementAndGet();
        throw new java.io.IOException("checked");
      });
      JobFailedException e = assertThrows(JobFailedException.class, rdd::count);
      assertInstanceOf(java.io.IOException.class, e.getCause(), "checked exceptions pass through unchanged");
      assertEquals(1, ATTEMPTS.get());
    }
  }

  @Test
  void taskThatFailsOnceThenSucceedsLetsTheJobSucceed() {
    Rdd<Pair<String, Long>> flaky = ctx.parallelize(List.of("x", "y", "x", "z", "x"), 3).mapToPair(w -> {
      if (TaskContext.get().partitionId() == 1 && TaskContext.get().attemptNumber() == 0) {
        throw new RuntimeException("transient failure");
      }
      return Pair.of(w, 1L);
    }).reduceByKey(Long::sum);
    assertEquals(Map.of("x", 3L, "y", 1L, "z", 1L), new TreeMap<>(PairRdd.of(flaky).collectAsMap()));
    long failed = tasks.stream().filter(t -> !t.succeeded()).count();
    assertEquals(1, failed);
  }

  @Test
  void failureInTheReduceStageIsRetriedToo() {
    List<Integer> out = new ArrayList<>(wordCounts().map(p -> {
      if (TaskContext.get().attemptNumber() == 0) {
        throw new RuntimeException("first attempt of every reduce task fails");
      }
      return p.value().intValue();
    }).collect());
    out.sort(null);
    assertEquals(List.of(1, 2, 2, 3), out);
  }

  /** Not serializable on purpose. */
  static final class Connection {
    int send(String s) {
      return s.length();
    }
  }

  @Test
  void closureCapturingSomethingUnserializableFailsBeforeAnyTaskRuns() {
    Connection connection = new Connection();
    Rdd<Integer> rdd = ctx.parallelize(List.of("a", "b"), 2).map(connection::send);
    TaskNotSerializableException e = assertThrows(TaskNotSerializableException.class, rdd::collect);
    assertTrue(e.getMessage().contains(Connection.class.getName()), e.getMessage());
    assertTrue(tasks.isEmpty(), "no task ran");
  }

  @Test
  void unserializableClosureInTheResultStageFailsBeforeTheMapStageRuns() {
    Connection connection = new Connection();
    Rdd<Integer> rdd = wordCounts().map(p -> connection.send(p.key()));
    assertThrows(TaskNotSerializableException.class, rdd::collect);
    assertTrue(tasks.isEmpty(), "no task ran, not even the map stage's");
  }

  @Test
  void closedContextRefusesJobs() {
    Rdd<Integer> rdd = ctx.parallelize(List.of(1), 1);
    ctx.close();
    SpindleException e = assertThrows(SpindleException.class, rdd::count);
    assertTrue(e.getMessage().contains("closed"));
  }

  @Test
  void malformedConfigValueNamesTheKey() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new SpindleContext(new SpindleConf(false).setMaster("local").set("spindle.task.maxFailures", "four")));
    assertTrue(e.getMessage().contains("spindle.task.maxFailures"), e.getMessage());
    assertTrue(e.getMessage().contains("four"), e.getMessage());
    IllegalArgumentException m = assertThrows(IllegalArgumentException.class,
        () -> new SpindleContext(new SpindleConf(false).setMaster("locale[2]")));
    assertTrue(m.getMessage().contains("locale[2]"), m.getMessage());
  }

  @Test
  void shuffleOfAnRddWithNoPartitionsYieldsAnEmptyResult() {
    Rdd<String> none = Rdd.wrap(new io.spindle.rdd.UnionRdd<>(ctx.rddContext(), List.of()));
    assertEquals(0, none.getNumPartitions());
    assertEquals(List.of(), none.mapToPair(w -> Pair.of(w, 1L)).reduceByKey(Long::sum, 3).collect());
  }

  @Test
  void closingTheContextFailsARunningJob() throws Exception {
    SLOW_TASKS_STARTED.set(0);
    java.util.concurrent.CompletableFuture<Throwable> outcome = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
      try {
        ctx.parallelize(List.of(1, 2), 2).map(x -> {
          SLOW_TASKS_STARTED.incrementAndGet();
          Thread.sleep(60_000); // the scenario, not a wait: the task still runs when the context closes
          return x;
        }).collect();
        return null;
      } catch (Throwable t) {
        return t;
      }
    });
    // Local mode runs tasks in this JVM: the tasks' own mark says the job is running.
    await().atMost(Duration.ofSeconds(20)).until(() -> SLOW_TASKS_STARTED.get() > 0);
    ctx.close();
    Throwable t = outcome.get(20, java.util.concurrent.TimeUnit.SECONDS);
    assertInstanceOf(SpindleException.class, t);
    assertTrue(t.getMessage().contains("closed"), t.getMessage());
  }
}
