package io.spindle.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.util.ManualClock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Exclusion after failures (Spark's TaskSetExcludelist / HealthTracker semantics, Spark's
 * defaults): per task, per stage, per application with its timeout on a manual clock, and a task
 * set that can run nowhere failing with a message that names the exclusions and the keys.
 */
class ExclusionTest {
  private static final ExclusionSettings ON = ExclusionSettings.DISABLED.on(); // Spark's defaults, enabled
  private static final SpeculationSettings NO_SPECULATION = SpeculationSettings.DISABLED;

  @Test
  void excludelistCountsPerTaskPerExecutorPerHostAndPerStage() {
    TaskSetExcludelist list = new TaskSetExcludelist(ON, "1.0");
    list.taskFailed("e1", "h1", 0, 0);
    assertTrue(list.isExcludedForTask("e1", "h1", 0), "maxTaskAttemptsPerExecutor = 1");
    assertFalse(list.isExcludedForTask("e2", "h1", 0), "host h1 has one failure of task 0 (< 2)");
    assertFalse(list.isExcludedForTask("e1", "h1", 1));
    assertFalse(list.isExcludedForSet("e1", "h1"));
    list.taskFailed("e2", "h1", 0, 0);
    assertTrue(list.isExcludedForTask("e3", "h1", 0), "maxTaskAttemptsPerNode = 2: every executor of h1");
    assertFalse(list.isExcludedForTask("e4", "h2", 0));

    list.taskFailed("e1", "h1", 1, 0);
    assertTrue(list.isExcludedForSet("e1", "h1"), "two different tasks failed on e1");
    assertFalse(list.isExcludedForSet("e3", "h1"), "one excluded executor on h1 (< 2)");
    list.taskFailed("e2", "h1", 2, 0);
    assertTrue(list.isExcludedForSet("e3", "h1"), "two excluded executors on h1: the host is excluded");
    assertFalse(list.isExcludedForSet("e4", "h2"));
    assertEquals(Set.of("e1", "e2"), list.excludedExecutors());
  }

  @Test
  void healthTrackerExcludesForTheTimeoutOnlyAfterSuccessfulSets() {
    ManualClock clock = new ManualClock();
    HealthTracker health = new HealthTracker(ON, clock);
    TaskSetExcludelist one = new TaskSetExcludelist(ON, "1.0");
    one.taskFailed("e1", "h1", 0, 1000);
    health.taskSetSucceeded("1.0", one.failuresByExecutor());
    assertFalse(health.isExecutorExcluded("e1"), "one failed task (< 2)");
    TaskSetExcludelist two = new TaskSetExcludelist(ON, "2.0");
    two.taskFailed("e1", "h1", 3, 1000);
    two.taskFailed("e2", "h1", 3, 1000);
    assertEquals(List.of("e1"), health.taskSetSucceeded("2.0", two.failuresByExecutor()));
    assertTrue(health.isExcluded("e1", "h1"));
    assertFalse(health.isExcluded("e2", "h1"));
    assertFalse(health.isHostExcluded("h1"), "one excluded executor (< 2)");

    clock.advance(1, TimeUnit.HOURS);
    assertFalse(health.isExecutorExcluded("e1"), "spindle.excludeOnFailure.timeout (1h) passed");
  }

  @Test
  void aFailedTaskIsRetriedOnAnotherExecutorNotOnTheOneItFailedOn() {
    SchedulerHarness h = new SchedulerHarness(4, ON, NO_SPECULATION);
    h.offer("e2", "h2", 0); // e2 is known (and busy)
    h.submit(1, 2);
    List<TaskDescription> first = h.offer("e1", "h1", 2);
    h.fail(first.get(0), "e1");
    assertNull(h.offerOne("e1", "h1"), "task 0 may not run on e1 again");
    TaskDescription retry = h.offerOne("e2", "h2");
    assertNotNull(retry);
    assertEquals(0, retry.partitionIndex());
    assertEquals(List.of(), h.setFailures);
  }

  @Test
  void withoutExclusionTheRetryRunsWhereverThereIsASlot() {
    SchedulerHarness h = new SchedulerHarness(4, ExclusionSettings.DISABLED, NO_SPECULATION);
    h.submit(1, 1);
    TaskDescription first = h.offerOne("e1", "h1");
    h.fail(first, "e1");
    assertNotNull(h.offerOne("e1", "h1"));
  }

  @Test
  void anExecutorWhereTwoTasksFailedGetsNoTaskOfTheStageAndOfLaterStagesOnceItSucceeded() {
    SchedulerHarness h = new SchedulerHarness(4, ON, NO_SPECULATION);
    h.offer("e2", "h2", 0);
    h.submit(1, 4);
    List<TaskDescription> first = h.offer("e1", "h1", 2);
    h.fail(first.get(0), "e1");
    h.fail(first.get(1), "e1");
    assertNull(h.offerOne("e1", "h1"), "tasks 2 and 3 never failed, but e1 is excluded for the stage");
    List<TaskDescription> elsewhere = h.offer("e2", "h2", 4);
    assertEquals(4, elsewhere.size());
    elsewhere.forEach(t -> h.succeed(t, "e2"));
    assertEquals(Set.of("e1"), h.scheduler.excludedExecutors(), "2 failures in a successful stage");

    h.submit(2, 1);
    assertNull(h.offerOne("e1", "h1"), "excluded for the application");
    h.advanceMillis(TimeUnit.HOURS.toMillis(1));
    assertNotNull(h.offerOne("e1", "h1"), "until spindle.excludeOnFailure.timeout passed");
    assertEquals(Set.of(), h.scheduler.excludedExecutors());
  }

  @Test
  void killExcludedExecutorsStopsTheExecutorThroughTheBackend() {
    ExclusionSettings kill = new ExclusionSettings(true, 3_600_000, 1, 2, 2, 2, 2, 2, true, 120_000);
    SchedulerHarness h = new SchedulerHarness(4, kill, NO_SPECULATION);
    h.offer("e2", "h2", 0);
    h.submit(1, 2);
    List<TaskDescription> first = h.offer("e1", "h1", 2);
    h.fail(first.get(0), "e1");
    h.fail(first.get(1), "e1");
    h.offer("e2", "h2", 2).forEach(t -> h.succeed(t, "e2"));
    assertEquals(List.of("e1"), h.executorsStopped);
  }

  @Test
  void aTaskThatCanRunNowhereFailsItsSetWithAClearMessage() {
    SchedulerHarness h = new SchedulerHarness(4, ON, NO_SPECULATION);
    h.submit(1, 1);
    TaskDescription only = h.offerOne("driver", "localhost");
    h.fail(only, "driver", new IllegalStateException("disk full"));
    assertNull(h.offerOne("driver", "localhost"));
    assertEquals(1, h.setFailures.size(), h.setFailures.toString());
    String message = h.setFailures.get(0);
    assertTrue(message.contains("Task 0 in stage 1.0 cannot run anywhere"), message);
    assertTrue(message.contains("spindle.excludeOnFailure"), message);
    assertTrue(message.contains("disk full"), message);
    assertTrue(h.scheduler.demand().isEmpty(), "the failed set asks for no executors");
  }

  @Test
  void aBusyExecutorThatMayRunTheTaskKeepsTheSetAlive() {
    SchedulerHarness h = new SchedulerHarness(4, ON, NO_SPECULATION);
    h.submit(1, 2);
    TaskDescription onE1 = h.offerOne("e1", "h1");
    TaskDescription onE2 = h.offerOne("e2", "h2");
    h.fail(onE1, "e1");
    assertNull(h.offerOne("e1", "h1"));
    assertEquals(List.of(), h.setFailures, "e2 may still run task 0 once it is free");
    h.succeed(onE2, "e2");
    TaskDescription retry = h.offerOne("e2", "h2");
    assertEquals(0, retry.partitionIndex());
    h.succeed(retry, "e2");
    assertEquals(List.of(), h.setFailures);
  }

  @Test
  void whereExecutorsMayStillComeAnUnschedulableSetWaitsForOneUntilTheTimeout() {
    SchedulerHarness h = new SchedulerHarness(4, ON, NO_SPECULATION);
    h.mayAddExecutors = true; // YARN
    h.submit(1, 2);
    TaskDescription first = h.offerOne("e1", "h1");
    h.fail(first, "e1");
    h.offer("e1", "h1", 1).forEach(t -> h.succeed(t, "e1")); // task 1 may run on e1
    assertNull(h.offerOne("e1", "h1"));
    h.advanceMillis(119_999);
    assertNull(h.offerOne("e1", "h1"));
    assertEquals(List.of(), h.setFailures, "still within unschedulableTaskSetTimeout (120 s)");
    TaskDescription onNewcomer = h.offerOne("e9", "h9"); // an executor that came meanwhile
    assertEquals(0, onNewcomer.partitionIndex());
    h.succeed(onNewcomer, "e9");
    assertEquals(List.of(), h.setFailures);

    h.submit(2, 1);
    TaskDescription again = h.offerOne("e9", "h9");
    h.fail(again, "e9");
    h.scheduler.executorRemoved("e1");
    assertNull(h.offerOne("e9", "h9"));
    h.advanceMillis(120_000);
    assertNull(h.offerOne("e9", "h9"));
    assertEquals(1, h.setFailures.size(), "no executor came within the timeout");
    assertTrue(h.setFailures.get(0).contains("cannot run anywhere"), h.setFailures.get(0));
  }
}
