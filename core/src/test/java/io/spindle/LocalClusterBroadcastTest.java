package io.spindle;

import io.spindle.function.TaskContext;
import io.spindle.function.SpindleException;
import io.spindle.function.SpindleListener;
import io.spindle.function.Pair;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.cluster.ClusterBackend;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code Broadcast.unpersist()} and {@code destroy()} reach executor JVMs ({@code local-cluster[2,1,384]}):
 * what each executor's block store holds is asked by tasks running there, fetches are counted
 * by the driver ({@link ClusterBackend#broadcastsServed()}), values are compared with plain Java.
 */
class LocalClusterBroadcastTest {
  private static final int PARTITIONS = 8;
  private static SpindleContext ctx;
  private static ClusterBackend backend;
  private static final List<SpindleListener.TaskInfo> TASKS = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() {
    ctx = new SpindleContext(new SpindleConf(false).setMaster("local-cluster[2,1,384]")
        .set("spindle.task.maxFailures", "1"));
    backend = (ClusterBackend) ctx.schedulerBackend();
    ctx.addListenerOnSchedulerThread(new TaskEnds(TASKS));
  }

  @AfterAll
  static void stop() {
    ctx.close();
  }

  @BeforeEach
  void clear() {
    TASKS.clear();
  }

  private static List<Integer> range(int n) {
    List<Integer> xs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      xs.add(i);
    }
    return xs;
  }

  /** Executors that ran a task since the last {@link #clear} or call. */
  private static Set<String> executorsThatRanTasks() {
    Set<String> ids = new TreeSet<>();
    TASKS.forEach(t -> ids.add(t.executorId()));
    TASKS.clear();
    return ids;
  }

  /** Per executor: does its block store hold the deserialized value of broadcast {@code id}? Asked by tasks. */
  private static Map<String, Boolean> executorsHolding(long id) {
    String block = "broadcast_" + id;
    Map<String, Boolean> held = new TreeMap<>();
    for (Pair<String, Boolean> p : ctx.parallelize(range(PARTITIONS), PARTITIONS).map(i -> {
      io.spindle.env.ExecutorEnv env = io.spindle.env.ExecutorEnv.of(TaskContext.get());
      return Pair.of(env.executorId(), env.blockStore().isInMemory(block));
    }).collect()) {
      held.merge(p.key(), p.value(), Boolean::logicalOr);
    }
    TASKS.clear();
    return held;
  }

  @Test
  void unpersistDropsExecutorCopiesAndTheNextJobFetchesAgain() {
    Map<Integer, String> table = new HashMap<>();
    for (int i = 0; i < 50; i++) {
      table.put(i, "v" + i * i);
    }
    List<Integer> input = range(1000);
    List<String> expected = input.stream().map(x -> table.get(x % 50)).toList();
    Broadcast<Map<Integer, String>> bc = ctx.broadcast(new HashMap<>(table));
    Rdd<String> looked = ctx.parallelize(input, PARTITIONS).map(x -> bc.value().get(x % 50));

    long served = backend.broadcastsServed();
    assertEquals(expected, looked.collect());
    Set<String> firstRun = executorsThatRanTasks();
    assertEquals(Set.of("1", "2"), firstRun, "both executors ran tasks");
    assertEquals(2, backend.broadcastsServed() - served, "each executor fetched the value once for all its tasks");
    assertEquals(Map.of("1", true, "2", true), executorsHolding(bc.id()));

    served = backend.broadcastsServed();
    assertEquals(expected, looked.collect());
    executorsThatRanTasks();
    assertEquals(0, backend.broadcastsServed() - served, "kept: a second job does not fetch it again");

    bc.unpersist();
    assertEquals(Map.of("1", false, "2", false), executorsHolding(bc.id()), "unpersist reached both executors");
    assertEquals(table, bc.value(), "the driver keeps its value");

    served = backend.broadcastsServed();
    assertEquals(expected, looked.collect());
    Set<String> afterUnpersist = executorsThatRanTasks();
    assertEquals(afterUnpersist.size(), backend.broadcastsServed() - served,
        "every executor that ran a task fetched the value again from the driver");
    assertEquals(Set.of("1", "2"), afterUnpersist);
  }

  @Test
  void destroyRemovesExecutorCopiesAndLaterUseFailsNamingTheBroadcastAndWhere() {
    Broadcast<List<String>> bc = ctx.broadcast(new ArrayList<>(List.of("a", "b", "c")));
    Rdd<String> looked = ctx.parallelize(List.of(0, 1, 2, 0, 1, 2, 0, 1), PARTITIONS).map(i -> bc.value().get(i));
    assertEquals(List.of("a", "b", "c", "a", "b", "c", "a", "b"), looked.collect());
    assertEquals(Map.of("1", true, "2", true), executorsHolding(bc.id()));

    int destroyLine = new Throwable().getStackTrace()[0].getLineNumber() + 1;
    bc.destroy();
    String expected = "Attempted to use Broadcast(" + bc.id() + ") after it was destroyed (destroy at "
        + "LocalClusterBroadcastTest.java:" + destroyLine + ")";

    assertFalse(bc.isValid());
    assertEquals(Map.of("1", false, "2", false), executorsHolding(bc.id()), "destroy reached both executors");
    SpindleException onDriver = assertThrows(SpindleException.class, bc::value);
    assertTrue(onDriver.getMessage().startsWith(expected), onDriver.getMessage());
    RuntimeException inJob = assertThrows(RuntimeException.class, looked::collect);
    assertTrue(messages(inJob).contains(expected), messages(inJob));
    RuntimeException newClosure = assertThrows(RuntimeException.class,
        () -> ctx.parallelize(List.of(1), 1).map(i -> bc.value().size()).collect());
    assertTrue(messages(newClosure).contains(expected), messages(newClosure));
    SpindleException unpersist = assertThrows(SpindleException.class, bc::unpersist);
    assertTrue(unpersist.getMessage().startsWith(expected), unpersist.getMessage());
    bc.destroy(); // idempotent
  }

  private static String messages(Throwable t) {
    StringBuilder all = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      all.append(c).append(" | ");
    }
    return all.toString();
  }
}
