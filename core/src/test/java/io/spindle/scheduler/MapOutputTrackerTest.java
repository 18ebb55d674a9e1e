package io.spindle.scheduler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.shuffle.MapStatus;
import io.spindle.shuffle.MissingMapOutputException;
import org.junit.jupiter.api.Test;

/** The tracker serves a shuffle's statuses only while none of them is lost. */
class MapOutputTrackerTest {
  private static MapStatus status(int map) {
    return new MapStatus(map, "exec-" + map, "host" + map, 7337, new long[] {1, 2});
  }

  @Test
  void aLostOutputMakesTheShuffleUnreadableUntilItIsRegisteredAgain() {
    MapOutputTracker tracker = new MapOutputTracker();
    MapStatus[] all = {status(0), status(1), status(2)};
    tracker.register(9, all);
    assertArrayEquals(all, tracker.statuses(9));

    MapStatus[] oneLost = {status(0), null, status(2)};
    tracker.register(9, oneLost);
    MissingMapOutputException e = assertThrows(MissingMapOutputException.class, () -> tracker.statuses(9));
    assertTrue(e.getMessage().contains("Map output 1 of shuffle 9 was lost"), e.getMessage());

    tracker.register(9, all);
    assertArrayEquals(all, tracker.statuses(9));
    assertThrows(MissingMapOutputException.class, () -> tracker.statuses(10));
  }
}
