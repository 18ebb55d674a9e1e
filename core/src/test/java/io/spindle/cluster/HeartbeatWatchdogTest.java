package io.spindle.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.util.ManualClock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The heartbeat watchdog on a manual clock: who counts as silent, and when. */
class HeartbeatWatchdogTest {
  private static final long TIMEOUT_MS = 10_000;

  private final ManualClock clock = new ManualClock();
  private final List<String> lost = new ArrayList<>();
  private final List<String> reasons = new ArrayList<>();
  private final HeartbeatWatchdog watchdog = new HeartbeatWatchdog(clock, TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS),
      (id, why) -> {
        lost.add(id);
        reasons.add(why);
      });

  @Test
  void anExecutorIsLostOnlyOnceItsSilenceExceedsTheTimeout() {
    watchdog.executorAdded("1");
    clock.advance(TIMEOUT_MS, TimeUnit.MILLISECONDS);
    watchdog.check();
    assertEquals(List.of(), lost, "exactly the timeout is not longer than it");
    clock.advance(1, TimeUnit.MILLISECONDS);
    watchdog.check();
    assertEquals(List.of("1"), lost);
    assertEquals("no heartbeat for 10001 ms (spindle.network.timeoutMs)", reasons.get(0));
  }

  @Test
  void heartbeatsRestartTheSilenceOfTheirExecutorOnly() {
    watchdog.executorAdded("1");
    watchdog.executorAdded("2");
    clock.advance(6, TimeUnit.SECONDS);
    watchdog.heartbeat("2");
    clock.advance(6, TimeUnit.SECONDS);
    watchdog.check();
    assertEquals(List.of("1"), lost, "1 was silent 12 s, 2 only 6 s");
    clock.advance(5, TimeUnit.SECONDS);
    watchdog.check();
    assertTrue(lost.contains("2"), lost.toString());
  }

  @Test
  void removedAndUnknownExecutorsAreNotWatched() {
    watchdog.executorAdded("1");
    watchdog.executorRemoved("1");
    watchdog.heartbeat("9"); // a heartbeat of an executor that never registered does not register it
    clock.advance(1, TimeUnit.HOURS);
    watchdog.check();
    assertEquals(List.of(), lost);
  }

  @Test
  void aLostExecutorIsReportedAgainUntilTheBackendRemovesIt() {
    watchdog.executorAdded("1");
    clock.advance(11, TimeUnit.SECONDS);
    watchdog.check();
    watchdog.check();
    assertEquals(List.of("1", "1"), lost);
    watchdog.executorRemoved("1");
    watchdog.check();
    assertEquals(2, lost.size());
  }
}
