package io.spindle.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.output.CommitDeniedException;
import io.spindle.output.OutputCommitCoordinator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Speculation in the task scheduler on a manual clock: which running task counts as a straggler
 * (quantile, multiplier, minTaskRuntime), where its copy may run, that the first success kills
 * the other attempt and that the loser's late result (success, failure, commit denial) changes
 * nothing; and the commit coordinator's side of "exactly one attempt commits".
 */
class SpeculationTest {
  private static final SpeculationSettings ON = new SpeculationSettings(true, 100, 1.5, 0.75, 100);

  /** Four tasks: 0 and 1 on e1@h1, 2 and 3 on e2@h2. */
  private static List<TaskDescription> launchFour(SchedulerHarness h) {
    h.submit(1, 4);
    List<TaskDescription> tasks = new ArrayList<>(h.offer("e1", "h1", 2));
    tasks.addAll(h.offer("e2", "h2", 2));
    assertEquals(4, tasks.size());
    return tasks;
  }

  @Test
  void aStragglerGetsACopyOnAnotherHostAndTheFirstSuccessKillsTheOriginal() {
    SchedulerHarness h = new SchedulerHarness(4, ExclusionSettings.DISABLED, ON);
    List<TaskDescription> t = launchFour(h);
    h.advanceMillis(1000);
    h.succeed(t.get(0), "e1");
    h.succeed(t.get(1), "e1");
    h.succeed(t.get(2), "e2");
    int revives = h.revives;
    h.scheduler.checkSpeculatableTasks();
    assertNull(h.offerOne("e1", "h1"), "3 has run 1000 ms, not more than 1.5 x the median (1000 ms)");
    h.advanceMillis(501);
    h.scheduler.checkSpeculatableTasks();
    assertEquals(revives + 1, h.revives, "marking a straggler asks for offers");
    assertNull(h.offerOne("e2", "h2"), "never on the host the original runs on");
    TaskDescription copy = h.offerOne("e1", "h1");
    assertNotNull(copy);
    assertEquals(3, copy.partitionIndex());
    assertEquals(1, copy.attemptNumber());
    assertNull(h.offerOne("e1", "h1"), "one copy only");

    h.succeed(copy, "e1");
    assertEquals(List.of(t.get(3).taskId()), h.killed, "the original is killed");
    h.fail(t.get(3), "e2", new InterruptedException("killed")); // what the kill makes of it
    assertEquals(List.of(), h.setFailures);
    assertEquals(5, h.ended.size());
  }

  @Test
  void theOriginalWinningKillsTheCopyAndALateSuccessOfTheLoserIsOnlyReported() {
    SchedulerHarness h = new SchedulerHarness(1, ExclusionSettings.DISABLED, ON);
    List<TaskDescription> t = launchFour(h);
    h.advanceMillis(200);
    for (int i = 0; i < 3; i++) {
      h.succeed(t.get(i), i < 2 ? "e1" : "e2");
    }
    h.advanceMillis(400);
    h.scheduler.checkSpeculatableTasks();
    TaskDescription copy = h.offerOne("e1", "h1");
    assertNotNull(copy);
    h.succeed(t.get(3), "e2");
    assertEquals(List.of(copy.taskId()), h.killed);
    h.succeed(copy, "e1"); // a backend that could not kill it: its success changes nothing here
    assertEquals(List.of(), h.setFailures);
    assertNull(h.offerOne("e1", "h1"));
  }

  @Test
  void nothingIsSpeculatedBeforeTheQuantileOfTasksSucceeded() {
    SchedulerHarness h = new SchedulerHarness(4, ExclusionSettings.DISABLED, ON);
    List<TaskDescription> t = launchFour(h);
    h.advanceMillis(10);
    h.succeed(t.get(0), "e1");
    h.succeed(t.get(1), "e1"); // 2 of 4 < floor(0.75 x 4) = 3
    h.advanceMillis(3_600_000);
    h.scheduler.checkSpeculatableTasks();
    assertNull(h.offerOne("e1", "h1"));
    assertEquals(List.of(), h.killed);
  }

  @Test
  void minTaskRuntimeIsTheFloorOfTheThreshold() {
    SchedulerHarness h = new SchedulerHarness(4, ExclusionSettings.DISABLED, ON);
    List<TaskDescription> t = launchFour(h);
    for (int i = 0; i < 3; i++) {
      h.succeed(t.get(i), i < 2 ? "e1" : "e2"); // 0 ms each: 1.5 x median = 0
    }
    h.advanceMillis(100);
    h.scheduler.checkSpeculatableTasks();
    assertNull(h.offerOne("e1", "h1"), "100 ms is not more than spindle.speculation.minTaskRuntime");
    h.advanceMillis(1);
    h.scheduler.checkSpeculatableTasks();
    assertNotNull(h.offerOne("e1", "h1"));
  }

  @Test
  void withOneExecutorTheCopyRunsThereAndWithOneHostOnAnotherExecutor() {
    SchedulerHarness local = new SchedulerHarness(4, ExclusionSettings.DISABLED, ON);
    local.submit(1, 2);
    List<TaskDescription> t = local.offer("driver", "localhost", 2);
    local.advanceMillis(10);
    local.succeed(t.get(0), "driver");
    local.advanceMillis(200);
    local.scheduler.checkSpeculatableTasks();
    TaskDescription copy = local.offerOne("driver", "localhost");
    assertNotNull(copy, "local mode: the only executor takes the copy");
    assertEquals(1, copy.partitionIndex());

    SchedulerHarness oneHost = new SchedulerHarness(4, ExclusionSettings.DISABLED, ON);
    oneHost.submit(1, 2);
    List<TaskDescription> u = new ArrayList<>(oneHost.offer("e1", "h", 2));
    oneHost.offer("e2", "h", 1); // registers e2 on the same host; nothing left for it
    oneHost.advanceMillis(10);
    oneHost.succeed(u.get(0), "e1");
    oneHost.advanceMillis(200);
    oneHost.scheduler.checkSpeculatableTasks();
    assertNull(oneHost.offerOne("e1", "h"), "not on the executor running the original");
    assertNotNull(oneHost.offerOne("e2", "h"), "another executor on the same (only) host");
  }

  @Test
  void aCommitDeniedLoserDoesNotCountAsAFailure() {
    SchedulerHarness h = new SchedulerHarness(1, ExclusionSettings.DISABLED, ON); // any counted failure would abort
    List<TaskDescription> t = launchFour(h);
    h.advanceMillis(10);
    for (int i = 0; i < 3; i++) {
      h.succeed(t.get(i), i < 2 ? "e1" : "e2");
    }
    h.advanceMillis(200);
    h.scheduler.checkSpeculatableTasks();
    TaskDescription copy = h.offerOne("e1", "h1");
    // The original holds the commit; the copy's denial arrives before the original's success.
    h.fail(copy, "e1", new CommitDeniedException(3, copy.taskId()));
    assertEquals(List.of(), h.setFailures);
    assertNull(h.offerOne("e1", "h1"), "not re-queued while the original runs");
    h.succeed(t.get(3), "e2");
    assertEquals(List.of(), h.setFailures);
  }

  @Test
  void theCoordinatorLetsOneAttemptCommitAndNoneAfterTheStageEnded() {
    OutputCommitCoordinator commits = new OutputCommitCoordinator();
    assertTrue(commits.canCommit(7, 3, 100L), "the first to ask");
    assertFalse(commits.canCommit(7, 3, 101L), "the copy is denied");
    assertTrue(commits.canCommit(7, 3, 100L), "asking again is idempotent");
    commits.attemptFailed(7, 3, 101L);
    assertFalse(commits.canCommit(7, 3, 101L), "a loser's failure does not free the winner's right");
    commits.stageEnded(7, 4);
    assertFalse(commits.canCommit(7, 3, 101L), "a late attempt after the stage ended");
    assertFalse(commits.canCommit(7, 0, 102L), "even of a partition nobody asked for");
    assertTrue(commits.canCommit(8, 0, 103L), "other stages are unaffected");
  }

  @Test
  void speculationOffByDefaultMarksNothing() {
    SchedulerHarness h = new SchedulerHarness(4, ExclusionSettings.DISABLED, SpeculationSettings.DISABLED);
    List<TaskDescription> t = launchFour(h);
    for (int i = 0; i < 3; i++) {
      h.succeed(t.get(i), i < 2 ? "e1" : "e2");
    }
    h.advanceMillis(3_600_000);
    int revives = h.revives;
    h.scheduler.checkSpeculatableTasks();
    assertEquals(revives, h.revives);
    assertNull(h.offerOne("e1", "h1"));
  }
}
