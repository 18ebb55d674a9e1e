package io.spindle.am;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.am.AmTimeline.Milestone;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AmTimelineTest {
  @Test
  void firstMilestonesKeepTheirFirstTimeLastOnesTheLatestAndTheLineListsThemInOrder() throws Exception {
    AmTimeline t = AmTimeline.INSTANCE; // one per AM process; this test only adds job milestones
    t.first(Milestone.FIRST_JOB_START);
    long firstStart = t.get(Milestone.FIRST_JOB_START);
    t.last(Milestone.LAST_JOB_END);
    long firstEnd = t.get(Milestone.LAST_JOB_END);
    // The timeline stamps milestones with the wall clock: let it tick past the first end.
    await().atMost(Duration.ofSeconds(5)).until(() -> System.currentTimeMillis() > firstEnd);
    new TimelineListener().onJobStart(2, List.of(3));
    new TimelineListener().onJobEnd(2, true);
    assertEquals(firstStart, t.get(Milestone.FIRST_JOB_START));
    assertTrue(t.get(Milestone.LAST_JOB_END) > firstEnd);

    String line = t.line();
    assertTrue(line.startsWith("Timeline: amJvmStart="), line);
    List<Long> times = new ArrayList<>();
    for (String kv : line.substring("Timeline:".length()).trim().split(" ")) {
      times.add(Long.parseLong(kv.substring(kv.indexOf('=') + 1)));
    }
    for (int i = 1; i < times.size(); i++) {
      assertTrue(times.get(i) >= times.get(i - 1), line);
    }
    assertTrue(!line.contains("unregistering"), "a milestone not reached is left out: " + line);
  }
}
