package io.spindle.scheduler;

import io.spindle.function.TaskLocality;
import static io.spindle.function.TaskLocality.ANY;
import static io.spindle.function.TaskLocality.NODE_LOCAL;
import static io.spindle.function.TaskLocality.NO_PREF;
import static io.spindle.function.TaskLocality.PROCESS_LOCAL;
import static io.spindle.function.TaskLocality.RACK_LOCAL;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LocalityWaitPolicyTest {
  private static final TaskLocality[] LEVELS = {PROCESS_LOCAL, NODE_LOCAL, NO_PREF, RACK_LOCAL, ANY};

  @Test
  void waitsAddUpLevelByLevelWithoutLaunches() {
    LocalityWaitPolicy p = new LocalityWaitPolicy(new LocalityWaits(1000, 2000, 4000), LEVELS, 0);
    assertEquals(PROCESS_LOCAL, p.allowedLevel(999, l -> true));
    assertEquals(NODE_LOCAL, p.allowedLevel(1000, l -> true));
    assertEquals(NODE_LOCAL, p.allowedLevel(2999, l -> true));
    assertEquals(RACK_LOCAL, p.allowedLevel(3000, l -> true), "NO_PREF never waits");
    assertEquals(RACK_LOCAL, p.allowedLevel(6999, l -> true));
    assertEquals(ANY, p.allowedLevel(7000, l -> true));
  }

  @Test
  void levelsWithoutPendingTasksAreSkippedAndTheNextWaitStartsThen() {
    LocalityWaitPolicy p = new LocalityWaitPolicy(new LocalityWaits(1000, 1000, 1000), LEVELS, 0);
    assertEquals(RACK_LOCAL, p.allowedLevel(500, l -> l == RACK_LOCAL));
    assertEquals(RACK_LOCAL, p.allowedLevel(1499, l -> l == RACK_LOCAL));
    assertEquals(ANY, p.allowedLevel(1500, l -> l == RACK_LOCAL));
  }

  @Test
  void launchesResetTheLevelExceptUnpreferredOnes() {
    LocalityWaitPolicy p = new LocalityWaitPolicy(new LocalityWaits(1000, 1000, 1000), LEVELS, 0);
    assertEquals(ANY, p.allowedLevel(10_000, l -> true));
    p.launched(NO_PREF, 10_000);
    assertEquals(ANY, p.allowedLevel(10_000, l -> true));
    p.launched(NODE_LOCAL, 10_000);
    assertEquals(NODE_LOCAL, p.allowedLevel(10_999, l -> true));
    assertEquals(RACK_LOCAL, p.allowedLevel(11_000, l -> true));
  }

  @Test
  void aLevelThatBecomesValidIsWaitedForFromThen() {
    // Submitted with no executor on its hosts (only ANY), it waited 5 s; then one registers on them.
    LocalityWaitPolicy p = new LocalityWaitPolicy(new LocalityWaits(1000, 1000, 1000), new TaskLocality[] {ANY}, 0);
    assertEquals(ANY, p.allowedLevel(5000, l -> true));
    p.setLevels(new TaskLocality[] {NODE_LOCAL, ANY}, 5000);
    assertEquals(NODE_LOCAL, p.allowedLevel(5999, l -> true));
    assertEquals(ANY, p.allowedLevel(6000, l -> true));
  }

  @Test
  void levelsThatWereValidAlreadyKeepTheLevelReached() {
    LocalityWaitPolicy p = new LocalityWaitPolicy(new LocalityWaits(1000, 1000, 1000),
        new TaskLocality[] {NODE_LOCAL, ANY}, 0);
    assertEquals(ANY, p.allowedLevel(1000, l -> true));
    p.setLevels(new TaskLocality[] {NODE_LOCAL, ANY}, 1500); // another executor on a host it prefers
    assertEquals(ANY, p.allowedLevel(1500, l -> true), "NODE_LOCAL's wait had passed");
    p.setLevels(new TaskLocality[] {NODE_LOCAL, RACK_LOCAL, ANY}, 1600); // the first executor on its rack
    assertEquals(RACK_LOCAL, p.allowedLevel(1600, l -> true), "a newly valid level is waited for");
    assertEquals(ANY, p.allowedLevel(2600, l -> true));
  }
}
