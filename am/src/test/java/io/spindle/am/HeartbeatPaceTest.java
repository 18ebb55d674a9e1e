package io.spindle.am;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The AM heartbeats fast after registering until the executor launcher takes over or the window ends. */
class HeartbeatPaceTest {
  private static final int NORMAL_MS = 1000;

  @Test
  void startsFastAndFallsBackToNormalWhenNoLauncherTookOver() {
    List<Integer> set = new ArrayList<>();
    HeartbeatPace pace = new HeartbeatPace(set::add, NORMAL_MS);
    assertEquals(YarnExecutorLauncher.FAST_HEARTBEAT_MS, HeartbeatPace.initialMs());
    pace.windowOver();
    assertEquals(List.of(NORMAL_MS), set);
  }

  @Test
  void theLaunchersChoiceOutlivesTheWindow() {
    List<Integer> set = new ArrayList<>();
    HeartbeatPace pace = new HeartbeatPace(set::add, NORMAL_MS);
    pace.set(YarnExecutorLauncher.FAST_HEARTBEAT_MS); // first request outstanding
    pace.windowOver(); // the window ends while the request waits: stays fast
    pace.set(NORMAL_MS); // allocated
    assertEquals(List.of(YarnExecutorLauncher.FAST_HEARTBEAT_MS, NORMAL_MS), set);
  }

  @Test
  void theWindowEndsOnItsOwn() throws Exception {
    List<Integer> set = java.util.Collections.synchronizedList(new ArrayList<>());
    java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
    HeartbeatPace pace = new HeartbeatPace(ms -> {
      set.add(ms);
      done.countDown();
    }, NORMAL_MS);
    pace.startWindow(10);
    assertEquals(true, done.await(30, java.util.concurrent.TimeUnit.SECONDS));
    assertEquals(List.of(NORMAL_MS), set);
  }
}
