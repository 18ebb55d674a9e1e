package io.spindle.am;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.spindle.SpindleConf;
import io.spindle.am.DynamicAllocationPolicy.ExecutorActivity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Dynamic allocation's decisions on a fake clock, against the numbers Spark's rules give by hand. */
class DynamicAllocationPolicyTest {
  private final AtomicLong now = new AtomicLong(1_000_000);

  private DynamicAllocationPolicy policy(String... settings) {
    SpindleConf conf = new SpindleConf(false).set("spindle.dynamicAllocation.enabled", "true");
    for (String s : settings) {
      conf.set(s.substring(0, s.indexOf('=')), s.substring(s.indexOf('=') + 1));
    }
    return new DynamicAllocationPolicy(ElasticConfigs.dynamicAllocationBounds(conf), 1, now::get);
  }

  private static Map<String, ExecutorActivity> executors(int busy, int idle) {
    Map<String, ExecutorActivity> m = new LinkedHashMap<>();
    for (int i = 1; i <= busy + idle; i++) {
      m.put(Integer.toString(i), new ExecutorActivity(i <= busy ? 1 : 0, false));
    }
    return m;
  }

  @Test
  void theTargetGrowsByOneThenDoublesWhileTasksKeepWaitingUpToMaxExecutors() {
    DynamicAllocationPolicy p = policy("spindle.dynamicAllocation.maxExecutors=10",
        "spindle.dynamicAllocation.schedulerBacklogTimeout=1s",
        "spindle.dynamicAllocation.sustainedSchedulerBacklogTimeout=2s");
    assertEquals(0, p.tick(100, 0, Map.of()).target(), "the backlog timer starts");
    now.addAndGet(999);
    assertEquals(0, p.tick(100, 0, Map.of()).target(), "not before schedulerBacklogTimeout");
    now.addAndGet(1);
    assertEquals(1, p.tick(100, 0, Map.of()).target(), "+1");
    now.addAndGet(1_999);
    assertEquals(1, p.tick(100, 0, Map.of()).target(), "sustained timeout not yet");
    now.addAndGet(1);
    assertEquals(3, p.tick(100, 0, Map.of()).target(), "+2");
    now.addAndGet(2_000);
    assertEquals(7, p.tick(100, 0, Map.of()).target(), "+4");
    now.addAndGet(2_000);
    assertEquals(10, p.tick(100, 0, Map.of()).target(), "+8, capped at maxExecutors");
    now.addAndGet(2_000);
    assertEquals(10, p.tick(100, 0, Map.of()).target());
  }

  @Test
  void theTargetNeverExceedsWhatTheTasksCanUseAndFallsWhenTheyFinish() {
    DynamicAllocationPolicy p = policy("spindle.dynamicAllocation.minExecutors=1",
        "spindle.dynamicAllocation.initialExecutors=2");
    assertEquals(2, p.target());
    p.tick(3, 0, Map.of());
    now.addAndGet(1_000);
    assertEquals(3, p.tick(3, 0, Map.of()).target(), "+1");
    now.addAndGet(1_000);
    assertEquals(3, p.tick(3, 0, Map.of()).target(), "3 tasks use 3 one-core executors, not 5");
    assertEquals(1, p.tick(0, 0, Map.of()).target(), "nothing left: down to minExecutors");
    now.addAndGet(1_000);
    assertEquals(1, p.tick(0, 0, Map.of()).target(), "no backlog, no growth");
  }

  @Test
  void executorsIdleForTheTimeoutAreReleasedDownToMinExecutors() {
    DynamicAllocationPolicy p = policy("spindle.dynamicAllocation.minExecutors=1",
        "spindle.dynamicAllocation.maxExecutors=4", "spindle.dynamicAllocation.executorIdleTimeout=60s");
    assertEquals(List.of(), p.tick(0, 4, executors(4, 0)).release());
    assertEquals(List.of(), p.tick(0, 0, executors(0, 4)).release(), "idle from now");
    now.addAndGet(59_999);
    assertEquals(List.of(), p.tick(0, 0, executors(0, 4)).release());
    now.addAndGet(1);
    DynamicAllocationPolicy.Decision d = p.tick(0, 0, executors(0, 4));
    assertEquals(List.of("1", "2", "3"), d.release(), "all but minExecutors");
    assertEquals(1, d.target());
  }

  @Test
  void aTaskResetsTheIdleClockAndAnExecutorWithCachedBlocksWaitsForTheCachedTimeout() {
    DynamicAllocationPolicy p = policy("spindle.dynamicAllocation.executorIdleTimeout=10s",
        "spindle.dynamicAllocation.cachedExecutorIdleTimeout=30s");
    Map<String, ExecutorActivity> m = new LinkedHashMap<>();
    m.put("plain", new ExecutorActivity(0, false));
    m.put("cached", new ExecutorActivity(0, true));
    m.put("busy", new ExecutorActivity(0, false));
    p.tick(0, 0, m);
    now.addAndGet(5_000);
    m.put("busy", new ExecutorActivity(1, false));
    p.tick(0, 1, m);
    m.put("busy", new ExecutorActivity(0, false));
    p.tick(0, 0, m); // idle again from 5 s
    now.addAndGet(5_000);
    assertEquals(List.of("plain"), p.tick(0, 0, m).release(), "10 s idle; busy was idle 5 s; cached waits");
    m.remove("plain");
    now.addAndGet(5_000);
    assertEquals(List.of("busy"), p.tick(0, 0, m).release());
    m.remove("busy");
    now.addAndGet(14_999);
    assertEquals(List.of(), p.tick(0, 0, m).release(), "idle 29.999 s");
    now.addAndGet(1);
    assertEquals(List.of("cached"), p.tick(0, 0, m).release(), "30 s for an executor holding cached blocks");
  }

  @Test
  void byDefaultAnExecutorHoldingCachedBlocksIsKeptForever() {
    DynamicAllocationPolicy p = policy();
    Map<String, ExecutorActivity> m = Map.of("cached", new ExecutorActivity(0, true));
    p.tick(0, 0, m);
    now.addAndGet(365L * 24 * 3600 * 1000);
    assertEquals(List.of(), p.tick(0, 0, m).release());
  }

  @Test
  void numExecutorsIsTheInitialCountUnderDynamicAllocation() {
    SpindleConf conf = new SpindleConf(false).set("spindle.dynamicAllocation.enabled", "true")
        .set("spindle.executor.instances", "5").set("spindle.dynamicAllocation.minExecutors", "2");
    assertEquals(5, ElasticConfigs.dynamicAllocationBounds(conf).initialExecutors());
    assertEquals(null, ElasticConfigs.dynamicAllocationBounds(new SpindleConf(false)), "off by default");
  }
}
