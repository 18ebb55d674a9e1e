package io.spindle.scheduler;

import io.spindle.function.TaskLocality;
import static io.spindle.scheduler.FakeCluster.allPrefer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Locality levels and delay scheduling of the task scheduler, with fake offers and a fake clock. */
class DelaySchedulingTest {
  private static final LocalityWaits WAIT_3S = new LocalityWaits(3000, 3000, 3000);

  @Test
  void taskPreferringBusyHostWaitsThenRunsAnywhere() {
    FakeCluster c = new FakeCluster(WAIT_3S);
    c.scheduler.executorAdded("execA", "hostA");
    c.scheduler.executorAdded("execB", "hostB");
    c.submit(0, allPrefer(1, "hostA"));

    assertEquals(List.of(), c.offer("execB", "hostB", 1));
    c.now = 2999;
    assertEquals(List.of(), c.offer("execB", "hostB", 1));
    c.now = 3000;
    List<TaskDescription> launched = c.offer("execB", "hostB", 1);
    assertEquals(1, launched.size());
    assertEquals(TaskLocality.ANY, launched.get(0).locality());
  }

  @Test
  void preferredHostOfferingInTimeGetsTheTaskNodeLocal() {
    FakeCluster c = new FakeCluster(WAIT_3S);
    c.scheduler.executorAdded("execA", "hostA");
    c.scheduler.executorAdded("execB", "hostB");
    c.submit(0, allPrefer(2, "hostA", "hostC"));

    assertEquals(List.of(), c.offer("execB", "hostB", 2));
    c.now = 1000;
    List<TaskDescription> launched = c.offer("execA", "hostA", 2);
    assertEquals(2, launched.size());
    launched.forEach(t -> assertEquals(TaskLocality.NODE_LOCAL, t.locality()));
  }

  @Test
  void sameRackRunsRackLocalAfterTheNodeWaitAndOtherRacksAfterTheRackWait() {
    FakeCluster c = new FakeCluster(WAIT_3S);
    Map<String, String> racks = Map.of("hosta", "/r1", "hostb", "/r1", "hostc", "/r2");
    c.scheduler.setRackResolver(racks::get);
    c.scheduler.executorAdded("execA", "hostA");
    c.scheduler.executorAdded("execB", "hostB");
    c.scheduler.executorAdded("execC", "hostC");
    c.submit(0, allPrefer(2, "hostA"));

    c.now = 2999;
    assertEquals(List.of(), c.offer("execB", "hostB", 1));
    c.now = 3000;
    assertEquals(List.of(), c.offer("execC", "hostC", 1), "another rack waits for the rack level too");
    List<TaskDescription> rackLocal = c.offer("execB", "hostB", 1);
    assertEquals(1, rackLocal.size());
    assertEquals(TaskLocality.RACK_LOCAL, rackLocal.get(0).locality());
    c.now = 5999; // the rack launch at 3000 restarted the rack wait
    assertEquals(List.of(), c.offer("execC", "hostC", 1));
    c.now = 6000;
    List<TaskDescription> any = c.offer("execC", "hostC", 1);
    assertEquals(1, any.size());
    assertEquals(TaskLocality.ANY, any.get(0).locality());
  }

  @Test
  void executorSpecificPreferenceRunsProcessLocalThenNodeLocalAfterTheProcessWait() {
    FakeCluster c = new FakeCluster(new LocalityWaits(1000, 3000, 3000));
    c.scheduler.executorAdded("exec1", "hostA");
    c.scheduler.executorAdded("exec2", "hostA");
    c.submit(0, allPrefer(2, TaskLocation.executorString("hostA", "exec1")));

    assertEquals(List.of(), c.offer("exec2", "hostA", 1));
    List<TaskDescription> first = c.offer("exec1", "hostA", 1);
    assertEquals(TaskLocality.PROCESS_LOCAL, first.get(0).locality());
    c.now = 999;
    assertEquals(List.of(), c.offer("exec2", "hostA", 1));
    c.now = 1000;
    List<TaskDescription> second = c.offer("exec2", "hostA", 1);
    assertEquals(TaskLocality.NODE_LOCAL, second.get(0).locality());
  }

  @Test
  void localLaunchesKeepTheSetLocalAndRestartTheWait() {
    FakeCluster c = new FakeCluster(WAIT_3S);
    c.scheduler.executorAdded("execA", "hostA");
    c.scheduler.executorAdded("execB", "hostB");
    c.submit(0, allPrefer(20, "hostA"));

    // hostA has one slot; its task ends every second and the next one launches there.
    TaskDescription running = c.offer("execA", "hostA", 1).get(0);
    for (long t = 1000; t <= 10_000; t += 1000) {
      c.now = t;
      assertEquals(List.of(), c.offer("execB", "hostB", 4), "at " + t + " the set must still wait for hostA");
      c.succeed(running, "execA");
      List<TaskDescription> next = c.offer("execA", "hostA", 1);
      assertEquals(TaskLocality.NODE_LOCAL, next.get(0).locality());
      running = next.get(0);
    }
    // hostA stops offering: the wait counts from the last local launch at 10000.
    c.now = 12_999;
    assertEquals(List.of(), c.offer("execB", "hostB", 4));
    c.now = 13_000;
    List<TaskDescription> any = c.offer("execB", "hostB", 4);
    assertEquals(4, any.size());
    any.forEach(t -> assertEquals(TaskLocality.ANY, t.locality()));
  }

  @Test
  void aLocalLaunchAfterFallingBackReturnsTheSetToTheLocalLevel() {
    FakeCluster c = new FakeCluster(WAIT_3S);
    c.scheduler.executorAdded("execA", "hostA");
    c.scheduler.executorAdded("execB", "hostB");
    c.submit(0, allPrefer(10, "hostA"));
    c.now = 3000;
    assertEquals(TaskLocality.ANY, c.offer("execB", "hostB", 1).get(0).locality());
    c.now = 3500;
    assertEquals(TaskLocality.NODE_LOCAL, c.offer("execA", "hostA", 1).get(0).locality());
    c.now = 4000;
    assertEquals(List.of(), c.offer("execB", "hostB", 1), "back to waiting for hostA");
  }

  @Test
  void tasksWithoutPreferenceRunAtOnceAndAreNotDelayedByPreferringOnes() {
    FakeCluster c = new FakeCluster(WAIT_3S);
    c.scheduler.executorAdded("execA", "hostA");
    c.scheduler.executorAdded("execB", "hostB");
    List<List<String>> prefs = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      prefs.add(i % 2 == 0 ? List.of("hostA") : List.of());
    }
    c.submit(0, prefs);

    List<TaskDescription> onB = c.offer("execB", "hostB", 6);
    assertEquals(List.of(1, 3, 5), onB.stream().map(TaskDescription::partitionIndex).toList());
    onB.forEach(t -> assertEquals(TaskLocality.NO_PREF, t.locality()));

    FakeCluster plain = new FakeCluster(WAIT_3S);
    plain.submit(0, allPrefer(3));
    assertEquals(3, plain.offer("execZ", "hostZ", 8).size());
  }

  @Test
  void aFailedNodeLocalTaskIsRetriedWithItsPreference() {
    FakeCluster c = new FakeCluster(WAIT_3S);
    c.scheduler.executorAdded("execA", "hostA");
    c.scheduler.executorAdded("execB", "hostB");
    c.submit(0, allPrefer(1, "hostA"));
    TaskDescription first = c.offer("execA", "hostA", 1).get(0);
    assertEquals(TaskLocality.NODE_LOCAL, first.locality());

    c.now = 500;
    c.fail(first, "execA");
    assertEquals(List.of(), c.offer("execB", "hostB", 1), "the retry still waits for hostA");
    c.now = 1000;
    TaskDescription retry = c.offer("execA", "hostA", 1).get(0);
    assertEquals(0, retry.partitionIndex());
    assertEquals(1, retry.attemptNumber());
    assertEquals(TaskLocality.NODE_LOCAL, retry.locality());
  }

  @Test
  void preferredHostsWithoutExecutorsDoNotHoldTasksBack() {
    // Local mode: one executor on localhost; splits on other machines run at once, local ones NODE_LOCAL.
    FakeCluster c = new FakeCluster(new LocalityWaits(3_600_000, 3_600_000, 3_600_000));
    List<List<String>> prefs = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      prefs.add(i % 2 == 0 ? List.of("localhost") : List.of("elsewhere1", "elsewhere2"));
    }
    c.submit(0, prefs);
    List<TaskDescription> launched = c.offer("driver", "localhost", 8);
    assertEquals(8, launched.size());
    for (TaskDescription t : launched) {
      assertEquals(t.partitionIndex() % 2 == 0 ? TaskLocality.NODE_LOCAL : TaskLocality.ANY, t.locality(),
          "partition " + t.partitionIndex());
    }

    // A second set, with the executor known from the start, fills slots as they free up, one at a time.
    c.submit(1, prefs);
    for (int i = 0; i < 8; i++) {
      c.succeed(launched.get(i), "driver");
      assertEquals(1, c.offer("driver", "localhost", 1).size(), "slot " + i);
    }
  }

  @Test
  void roundRobinOffersFromEveryPreferredHostRunNearlyAllTasksLocally() {
    FakeCluster c = new FakeCluster(WAIT_3S);
    String[] hosts = {"h0", "h1", "h2", "h3", "h4"};
    Random random = new Random(42);
    List<List<String>> prefs = new ArrayList<>();
    for (int i = 0; i < 200; i++) { // three replicas, skewed towards h0
      List<String> replicas = new ArrayList<>();
      while (replicas.size() < 3) {
        String h = hosts[random.nextDouble() < 0.3 ? 0 : random.nextInt(hosts.length)];
        if (!replicas.contains(h)) {
          replicas.add(h);
        }
      }
      prefs.add(replicas);
    }
    c.submit(0, prefs);

    Map<String, Integer> free = new HashMap<>();
    for (String h : hosts) {
      free.put(h, 2);
    }
    Map<TaskDescription, Long> endTime = new HashMap<>();
    Map<TaskDescription, String> hostOf = new HashMap<>();
    int local = 0;
    int launchedTotal = 0;
    for (int step = 0; launchedTotal < 200 || !endTime.isEmpty(); step++) {
      c.now = step * 50L;
      for (TaskDescription t : new ArrayList<>(endTime.keySet())) {
        if (endTime.get(t) <= c.now) {
          endTime.remove(t);
          free.merge(hostOf.get(t), 1, Integer::sum);
          c.succeed(t, "exec-" + hostOf.get(t));
        }
      }
      String h = hosts[step % hosts.length]; // one executor offers per step, round-robin
      for (TaskDescription t : c.offer("exec-" + h, h, free.get(h))) {
        launchedTotal++;
        free.merge(h, -1, Integer::sum);
        hostOf.put(t, h);
        endTime.put(t, c.now + 100 + random.nextInt(400));
        boolean onPreferredHost = prefs.get(t.partitionIndex()).contains(h);
        assertEquals(onPreferredHost, t.locality() == TaskLocality.NODE_LOCAL, "task " + t.partitionIndex());
        local += onPreferredHost ? 1 : 0;
      }
      assertTrue(step < 100_000, "tasks stopped launching");
    }
    assertEquals(200, launchedTotal);
    assertTrue(local >= 160, local + " of 200 tasks ran on a preferred host");
  }

  @Test
  void reviveTickAsksForOffersOnlyWhileASetWaits() {
    FakeCluster c = new FakeCluster(WAIT_3S);
    c.scheduler.executorAdded("execA", "hostA");
    c.submit(0, allPrefer(1, "hostA"));
    int afterSubmit = c.revives;
    assertEquals(List.of(), c.offer("execB", "hostB", 1));
    c.scheduler.checkLocalityWaits();
    assertEquals(afterSubmit + 1, c.revives);
    c.now = 3000;
    assertEquals(1, c.offer("execB", "hostB", 1).size());
    c.scheduler.checkLocalityWaits();
    assertEquals(afterSubmit + 1, c.revives, "nothing waits any more");
  }

  @Test
  void losingThePreferredHostsExecutorEndsTheWait() {
    FakeCluster c = new FakeCluster(WAIT_3S);
    c.scheduler.executorAdded("execA", "hostA");
    c.submit(0, allPrefer(1, "hostA"));
    assertEquals(List.of(), c.offer("execB", "hostB", 1));
    c.scheduler.executorRemoved("execA");
    c.now = 10;
    List<TaskDescription> launched = c.offer("execB", "hostB", 1);
    assertEquals(1, launched.size());
    assertEquals(TaskLocality.ANY, launched.get(0).locality());
  }

  @Test
  void zeroWaitTurnsDelaySchedulingOff() {
    FakeCluster c = new FakeCluster(LocalityWaits.NONE);
    c.scheduler.executorAdded("execA", "hostA");
    c.submit(0, allPrefer(2, "hostA"));
    List<TaskDescription> launched = c.offer("execB", "hostB", 2);
    assertEquals(2, launched.size());
    launched.forEach(t -> assertEquals(TaskLocality.ANY, t.locality()));
  }

  @Test
  void hostNamesAreNormalisedBeforeMatching() {
    FakeCluster c = new FakeCluster(WAIT_3S, HostNormalizer.resolving());
    c.scheduler.executorAdded("execA", "localhost");
    c.scheduler.executorAdded("execB", "hostb.invalid");
    c.submit(0, allPrefer(2, "127.0.0.1"));
    assertEquals(List.of(), c.offer("execB", "hostb.invalid", 2));
    List<TaskDescription> launched = c.offer("execA", "LOCALHOST.", 2);
    assertEquals(2, launched.size());
    launched.forEach(t -> assertEquals(TaskLocality.NODE_LOCAL, t.locality()));
  }

  @Test
  void aSetThatWaitedForExecutorsDoesNotFallToAnyWhenTheyRegister() {
    // YARN: the set is submitted first, executors register seconds later (one of them on its data's host).
    FakeCluster c = new FakeCluster(WAIT_3S);
    c.submit(0, allPrefer(4, "hostA"));
    c.now = 5000;
    c.scheduler.executorAdded("execA", "hostA");
    c.scheduler.executorAdded("execB", "hostB");
    assertEquals(List.of(), c.offer("execB", "hostB", 1), "the node wait starts when hostA's executor arrives");
    c.now = 7999;
    assertEquals(List.of(), c.offer("execB", "hostB", 1));
    List<TaskDescription> local = c.offer("execA", "hostA", 2);
    assertEquals(2, local.size());
    local.forEach(t -> assertEquals(TaskLocality.NODE_LOCAL, t.locality()));
    c.now = 10_998;
    assertEquals(List.of(), c.offer("execB", "hostB", 1), "the local launches restarted the wait");
    c.now = 10_999;
    List<TaskDescription> any = c.offer("execB", "hostB", 2);
    assertEquals(2, any.size());
    any.forEach(t -> assertEquals(TaskLocality.ANY, t.locality()));
  }

  @Test
  void anExecutorFirstOfferedAfterTheWaitStartsItTooWhenUnannounced() {
    // Offers register executors the scheduler has not heard of: the same rule applies.
    FakeCluster c = new FakeCluster(WAIT_3S);
    c.submit(0, allPrefer(2, "hostA"));
    c.now = 5000;
    c.offer("execA", "hostA", 0);
    assertEquals(List.of(), c.offer("execB", "hostB", 1));
    c.now = 8000;
    assertEquals(1, c.offer("execB", "hostB", 1).size());
  }

  @Test
  void demandCountsPendingTasksAndTheHostsTheyPrefer() {
    FakeCluster c = new FakeCluster(LocalityWaits.NONE);
    assertEquals(ExecutorDemand.NONE, c.scheduler.demand());
    List<List<String>> prefs = List.of(List.of("hostA", "hostB"), List.of("hostA"), List.of(), List.of("hostA",
        "executor_hostA_7"));
    List<ExecutorDemand> heard = new ArrayList<>();
    c.scheduler.setDemandListener(heard::add);
    c.submit(0, prefs);
    ExecutorDemand expected = new ExecutorDemand(4, Map.of("hosta", 3, "hostb", 1));
    assertEquals(List.of(expected), heard, "told when the set is submitted");
    List<TaskDescription> launched = c.offer("execB", "hostB", 1); // task 0, NODE_LOCAL
    assertEquals(0, launched.get(0).partitionIndex());
    assertEquals(new ExecutorDemand(3, Map.of("hosta", 2)), c.scheduler.demand());
    c.fail(launched.get(0), "execB");
    assertEquals(expected, c.scheduler.demand(), "a failed task is pending again");
    List<TaskDescription> all = c.offer("execB", "hostB", 4);
    assertEquals(4, all.size());
    assertEquals(ExecutorDemand.NONE, c.scheduler.demand());
    all.forEach(t -> c.succeed(t, "execB"));
    assertEquals(ExecutorDemand.NONE, heard.get(heard.size() - 1), "told when the set ends");
  }
}
