package io.spindle.cluster;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.scheduler.ExecutorDemand;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The "Initial job has not accepted any resources" warning, with a fake clock. */
class StarvationWatchTest {
  private static final ExecutorDemand PENDING = new ExecutorDemand(3, Map.of());

  @Test
  void warnsEveryTimeoutWhileTasksWaitAndNoneLaunched() {
    StarvationWatch w = new StarvationWatch(15_000);
    assertNull(w.check(0, ExecutorDemand.NONE, 0, 0), "no job yet");
    assertNull(w.check(1_000, PENDING, 0, 0));
    assertNull(w.check(15_999, PENDING, 0, 0));
    String warning = w.check(16_000, PENDING, 0, 0);
    assertNotNull(warning);
    assertTrue(warning.startsWith("Initial job has not accepted any resources for 15 s: 3 task(s) wait"), warning);
    assertNull(w.check(20_000, PENDING, 0, 1));
    assertNotNull(w.check(31_000, PENDING, 0, 1));
  }

  @Test
  void staysQuietOnceATaskLaunched() {
    StarvationWatch w = new StarvationWatch(15_000);
    assertNull(w.check(0, PENDING, 0, 0));
    assertNull(w.check(10_000, PENDING, 1, 1));
    assertNull(w.check(100_000, PENDING, 0, 0));
  }
}
