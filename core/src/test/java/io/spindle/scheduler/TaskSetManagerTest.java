package io.spindle.scheduler;

import io.spindle.function.TaskLocality;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.rdd.IndexPartition;
import io.spindle.rdd.Partition;
import io.spindle.shuffle.FetchFailedException;
import io.spindle.util.ManualClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * One task set's bookkeeping on its own: offers are made to the {@link TaskSetManager} directly
 * (at {@link TaskLocality#ANY}, so only delay scheduling limits them), time moves on a
 * {@link ManualClock}, and task ends are reported by hand.
 */
class TaskSetManagerTest {
  private final ManualClock clock = new ManualClock();
  private final long startMillis = TimeUnit.NANOSECONDS.toMillis(clock.nanoTime());
  private final LiveExecutors cluster = new LiveExecutors();
  private long nextTaskId;

  /** hostA and hostB share rack /r1, hostC is on /r2; exec1 and exec2 run on hostA. */
  private void twoRacks() {
    Map<String, String> racks = Map.of("hosta", "/r1", "hostb", "/r1", "hostc", "/r2");
    cluster.setRackResolver(racks::get);
    cluster.add("exec1", "hosta");
    cluster.add("exec2", "hosta");
    cluster.add("exec3", "hostb");
    cluster.add("exec4", "hostc");
  }

  private TaskSetManager manager(List<List<String>> preferences, int maxFailures, LocalityWaits waits) {
    List<Partition> partitions = new ArrayList<>();
    for (int i = 0; i < preferences.size(); i++) {
      partitions.add(new IndexPartition(i));
    }
    TaskSet set = new TaskSet(3, 0, partitions, preferences, new byte[0], 0);
    return new TaskSetManager(set, TaskLocation.parseAll(preferences, partitions.size(), HostNormalizer.LOWER_CASE),
        maxFailures, waits, cluster, clock);
  }

  private TaskDescription offer(TaskSetManager set, String executorId, String host) {
    TaskDescription task = set.resourceOffer(executorId, host, TaskLocality.ANY, nextTaskId);
    if (task != null) {
      nextTaskId++;
    }
    return task;
  }

  /** An offer that must launch a task. */
  private TaskDescription launch(TaskSetManager set, String executorId, String host) {
    TaskDescription task = offer(set, executorId, host);
    assertNotNull(task, "expected a task for " + executorId + " on " + host);
    return task;
  }

  /** Moves the clock to {@code millis} after the test started. */
  private void advanceTo(long millis) {
    long now = TimeUnit.NANOSECONDS.toMillis(clock.nanoTime()) - startMillis;
    clock.advance(millis - now, TimeUnit.MILLISECONDS);
  }

  @Test
  void localityFallsBackLevelByLevelOnlyWhenEachWaitHasPassedOnTheClock() {
    twoRacks();
    TaskSetManager set = manager(FakeCluster.allPrefer(6, TaskLocation.executorString("hosta", "exec1")), 4,
        new LocalityWaits(1000, 2000, 3000));
    assertEquals(List.of(TaskLocality.PROCESS_LOCAL, TaskLocality.NODE_LOCAL, TaskLocality.RACK_LOCAL,
        TaskLocality.ANY), List.of(set.localityLevels()));

    // PROCESS_LOCAL: only exec1, until the process wait (1 s) has passed.
    assertNull(offer(set, "exec2", "hosta"));
    assertNull(offer(set, "exec4", "hostc"));
    advanceTo(999);
    assertNull(offer(set, "exec2", "hosta"));
    assertTrue(set.waitingForLocality());
    TaskDescription processLocal = launch(set, "exec1", "hosta");
    assertEquals(TaskLocality.PROCESS_LOCAL, processLocal.locality());

    // The launch at 999 restarted the process wait: NODE_LOCAL from 1999.
    advanceTo(1998);
    assertNull(offer(set, "exec2", "hosta"));
    advanceTo(1999);
    assertNull(offer(set, "exec3", "hostb"), "the same rack waits for the node wait as well");
    TaskDescription nodeLocal = launch(set, "exec2", "hosta");
    assertEquals(TaskLocality.NODE_LOCAL, nodeLocal.locality());

    // NODE_LOCAL launch at 1999: RACK_LOCAL after the node wait (2 s), at 3999.
    advanceTo(3998);
    assertNull(offer(set, "exec3", "hostb"));
    advanceTo(3999);
    assertNull(offer(set, "exec4", "hostc"), "another rack waits for the rack wait as well");
    TaskDescription rackLocal = launch(set, "exec3", "hostb");
    assertEquals(TaskLocality.RACK_LOCAL, rackLocal.locality());

    // RACK_LOCAL launch at 3999: ANY after the rack wait (3 s), at 6999.
    advanceTo(6998);
    assertNull(offer(set, "exec4", "hostc"));
    advanceTo(6999);
    TaskDescription anywhere = launch(set, "exec4", "hostc");
    assertEquals(TaskLocality.ANY, anywhere.locality());
    assertFalse(set.waitingForLocality(), "at ANY nothing is held back");
    assertEquals(TaskLocality.ANY, launch(set, "exec4", "hostc").locality());
  }

  @Test
  void withoutLaunchesTheWaitsAddUp() {
    twoRacks();
    TaskSetManager set = manager(FakeCluster.allPrefer(2, TaskLocation.executorString("hosta", "exec1")), 4,
        new LocalityWaits(1000, 2000, 3000));
    advanceTo(5999); // process 1000 + node 2000 + rack 3000 = 6000
    assertNull(offer(set, "exec4", "hostc"));
    advanceTo(6000);
    assertEquals(TaskLocality.ANY, launch(set, "exec4", "hostc").locality());
  }

  @Test
  void aTaskWithoutPreferenceRunsAtOnceWhileAPreferringOneWaits() {
    twoRacks();
    TaskSetManager set = manager(List.of(List.of("hosta"), List.of()), 4, new LocalityWaits(60_000, 60_000, 60_000));

    TaskDescription first = launch(set, "exec4", "hostc");
    assertEquals(1, first.partitionIndex());
    assertEquals(TaskLocality.NO_PREF, first.locality());
    assertNull(offer(set, "exec4", "hostc"), "the task preferring hostA still waits");
    TaskDescription second = launch(set, "exec1", "hosta");
    assertEquals(0, second.partitionIndex());
    assertEquals(TaskLocality.NODE_LOCAL, second.locality());
  }

  @Test
  void aFailingTaskIsRetriedUntilMaxFailuresThenTheSetAbortsWithTheLastFailure() {
    TaskSetManager set = manager(FakeCluster.allPrefer(2), 3, LocalityWaits.NONE);
    TaskDescription other = launch(set, "exec1", "hosta");
    assertEquals(0, other.partitionIndex());

    List<RuntimeException> failures = new ArrayList<>();
    TaskDescription attempt = offer(set, "exec1", "hosta");
    for (int i = 0; i < 3; i++) {
      assertNotNull(attempt, "attempt " + i);
      assertEquals(1, attempt.partitionIndex());
      assertEquals(i, attempt.attemptNumber());
      RuntimeException failure = new RuntimeException("failure " + i);
      failures.add(failure);
      TaskSetManager.Outcome outcome = set.taskEnded(attempt.taskId(), attempt, TaskResult.failed(failure));
      assertEquals(i < 2 ? TaskSetManager.Outcome.RUNNING : TaskSetManager.Outcome.ABORTED, outcome, "attempt " + i);
      attempt = offer(set, "exec1", "hosta");
    }

    assertNull(attempt, "an aborted set launches nothing");
    assertTrue(set.isZombie());
    assertSame(failures.get(2), set.abortCause());
    assertTrue(set.abortReason().contains("failed 3 times"), set.abortReason());
    assertTrue(set.abortReason().contains("failure 2"), set.abortReason());
    assertEquals(1, set.runningCount(), "the other task still runs");
  }

  @Test
  void finishedTasksAreNotOfferedAgainAndDuplicateEndsCountOnce() {
    TaskSetManager set = manager(FakeCluster.allPrefer(2), 4, LocalityWaits.NONE);
    TaskDescription t0 = launch(set, "exec1", "hosta");
    TaskDescription t1 = launch(set, "exec1", "hosta");
    assertNull(offer(set, "exec1", "hosta"), "both tasks run");

    assertEquals(TaskSetManager.Outcome.RUNNING, set.taskEnded(t0.taskId(), t0, TaskResult.success(null)));
    assertEquals(TaskSetManager.Outcome.RUNNING, set.taskEnded(t0.taskId(), t0, TaskResult.success(null)),
        "a second report of the same attempt changes nothing");
    assertEquals(TaskSetManager.Outcome.RUNNING, set.taskEnded(t1.taskId(), t1,
        TaskResult.failed(new RuntimeException("once"))));

    TaskDescription retry = launch(set, "exec1", "hosta");
    assertEquals(1, retry.partitionIndex(), "only the failed task comes back");
    assertNull(offer(set, "exec1", "hosta"));
    assertEquals(TaskSetManager.Outcome.FINISHED, set.taskEnded(retry.taskId(), retry, TaskResult.success(null)));
    assertTrue(set.isZombie());
    assertNull(offer(set, "exec1", "hosta"));
    assertEquals(0, set.runningCount());
  }

  /** A failure the cluster caused (as an executor preempted by YARN): {@link CountableFailure} says not counted. */
  private static final class ClustersDoing extends RuntimeException implements CountableFailure {
    private final boolean counts;

    ClustersDoing(String message, boolean counts) {
      super(message);
      this.counts = counts;
    }

    @Override
    public boolean countsTowardsTaskFailures() {
      return counts;
    }
  }

  @Test
  void failuresThatAreNotTheTasksFaultAreRetriedWithoutCountingAgainstMaxFailures() {
    TaskSetManager set = manager(FakeCluster.allPrefer(1), 2, LocalityWaits.NONE);
    TaskDescription attempt = launch(set, "exec1", "hosta");
    for (int i = 0; i < 5; i++) { // more than maxFailures
      assertEquals(TaskSetManager.Outcome.RUNNING, set.taskEnded(attempt.taskId(), attempt,
          TaskResult.failed(new ClustersDoing("preempted " + i, false))), "not counted: attempt " + i);
      attempt = launch(set, "exec1", "hosta");
      assertEquals(i + 1, attempt.attemptNumber());
    }
    assertFalse(set.isZombie());
    assertEquals(TaskSetManager.Outcome.RUNNING, set.taskEnded(attempt.taskId(), attempt,
        TaskResult.failed(new ClustersDoing("caused by the app", true))), "counted: 1 of 2");
    attempt = launch(set, "exec1", "hosta");
    assertEquals(TaskSetManager.Outcome.ABORTED, set.taskEnded(attempt.taskId(), attempt,
        TaskResult.failed(new RuntimeException("a plain failure counts"))), "counted: 2 of 2");
    assertTrue(set.abortReason().contains("failed 2 times"), set.abortReason());
  }

  @Test
  void aFetchFailureStopsTheSetWithoutCountingAgainstMaxFailures() {
    TaskSetManager set = manager(FakeCluster.allPrefer(3), 1, LocalityWaits.NONE);
    TaskDescription t0 = launch(set, "exec1", "hosta");
    TaskDescription t1 = launch(set, "exec1", "hosta");

    TaskSetManager.Outcome outcome = set.taskEnded(t0.taskId(), t0,
        TaskResult.failed(FetchFailedException.missingOutput(7, 0, "lost")));

    assertEquals(TaskSetManager.Outcome.RUNNING, outcome, "maxFailures is 1, yet the set is not aborted");
    assertNull(set.abortReason());
    assertTrue(set.isZombie());
    assertNull(offer(set, "exec1", "hosta"), "no new task of this attempt starts");
    assertEquals(TaskSetManager.Outcome.RUNNING, set.taskEnded(t1.taskId(), t1, TaskResult.success(null)));
    assertEquals(0, set.runningCount());
  }

  @Test
  void aLevelThatBecomesValidWhenAnExecutorArrivesIsWaitedForFromThen() {
    TaskSetManager set = manager(FakeCluster.allPrefer(2, "hosta"), 4, new LocalityWaits(1000, 1000, 1000));
    assertEquals(List.of(TaskLocality.ANY), List.of(set.localityLevels()), "no executor on hostA yet");

    advanceTo(5000);
    cluster.add("exec1", "hosta");
    cluster.add("exec4", "hostc");
    set.recomputeLocality();

    assertNull(offer(set, "exec4", "hostc"), "the node wait starts when hostA's executor arrives");
    advanceTo(5999);
    assertNull(offer(set, "exec4", "hostc"));
    advanceTo(6000);
    assertEquals(TaskLocality.ANY, launch(set, "exec4", "hostc").locality());
  }
}
