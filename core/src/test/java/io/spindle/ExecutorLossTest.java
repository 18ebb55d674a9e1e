package io.spindle;

import static org.awaitility.Awaitility.await;
import io.spindle.function.SpindleListener;
import io.spindle.function.Pair;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.cluster.ClusterBackend;
import io.spindle.cluster.LocalClusterLauncher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Losing an executor: its running tasks are retried on the other one, and its map outputs stay
 * readable through the shuffle service after it exited.
 */
class ExecutorLossTest {
  private static SpindleContext ctx;
  private static ClusterBackend backend;
  private static final List<SpindleListener.TaskInfo> TASKS = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() {
    ctx = new SpindleContext(new SpindleConf(false).setMaster("local-cluster[2,1,256]"));
    backend = (ClusterBackend) ctx.schedulerBackend();
    ctx.addListenerOnSchedulerThread(new TaskEnds(TASKS));
  }

  @AfterAll
  static void stop() {
    List<ProcessHandle> executors = ((LocalClusterLauncher) backend.launcher()).processes();
    ctx.close();
    executors.forEach(p -> assertFalse(p.isAlive(), "executor " + p.pid() + " outlived its context"));
  }

  @Test
  void mapOutputsOfAGoneExecutorAreServedAndItsTasksRetried() throws Exception {
    List<Integer> data = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      data.add(i);
    }
    Map<Integer, Integer> expected = new TreeMap<>();
    data.forEach(i -> expected.merge(i % 10, i, Integer::sum));
    PairRdd<Integer, Integer> sums = ctx.parallelize(data, 6).mapToPair(i -> new Pair<>(i % 10, i))
        .reduceByKey(Integer::sum, 4);
    assertEquals(expected, new TreeMap<>(sums.collectAsMap()));
    assertTrue(TASKS.stream().anyMatch(t -> t.executorId().equals("1")), "executor 1 wrote map outputs");

    // Tasks on executor 1 hang until it is killed; the driver retries them on executor 2.
    TASKS.clear();
    ctx.addListenerOnSchedulerThread(new SpindleListener() {
      @Override
      public void onTaskEnd(TaskInfo task) {
        if (task.executorId().equals("2") && task.succeeded()) {
          backend.killExecutor("1"); // it is running (hanging in) a task now
        }
      }
    });
    List<Integer> squares = ctx.parallelize(data, 4).map(ExecutorLossTest::squareOrHangOnExecutor1).collect();
    assertEquals(data.stream().map(i -> i * i).toList(), squares);
    assertTrue(TASKS.stream().anyMatch(t -> t.executorId().equals("1") && !t.succeeded()), TASKS.toString());

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertEquals(List.of("2"), backend.executorIds()));

    // The map stage is reused: executor 2's reducers read executor 1's files through the service.
    TASKS.clear();
    assertEquals(expected, new TreeMap<>(sums.collectAsMap()));
    assertTrue(TASKS.stream().allMatch(t -> t.executorId().equals("2") && t.succeeded()), TASKS.toString());
    assertEquals(1, TASKS.stream().mapToInt(SpindleListener.TaskInfo::stageId).distinct().count(),
        "only the reduce stage ran again");
  }

  private static int squareOrHangOnExecutor1(int i) throws InterruptedException {
    if ("1".equals(System.getenv(io.spindle.cluster.ExecutorEnvironment.EXECUTOR_ID))) {
      Thread.sleep(120_000); // the scenario, not a wait: the task hangs until its executor is killed
    }
    return i * i;
  }
}
