package io.spindle.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.SpindleConf;
import io.spindle.scheduler.LocalityWaits;
import org.junit.jupiter.api.Test;

class LocalityWaitConfigTest {

  @Test
  void durationsParseLikeSpark() {
    assertEquals(3000, TimeDurations.parseMillis("3s"));
    assertEquals(100, TimeDurations.parseMillis("100ms"));
    assertEquals(250, TimeDurations.parseMillis("250"));
    assertEquals(120_000, TimeDurations.parseMillis("2min"));
    assertEquals(3_600_000, TimeDurations.parseMillis(" 1H "));
    assertEquals(0, TimeDurations.parseMillis("0"));
  }

  @Test
  void defaultIsThreeSecondsAndLevelsOverrideIt() {
    assertEquals(new LocalityWaits(3000, 3000, 3000), LocalityWaits.fromConf(new SpindleConf(false)));
    SpindleConf conf = new SpindleConf(false).set("spindle.locality.wait", "1s")
        .set("spindle.locality.wait.node", "0").set("spindle.locality.wait.rack", "5s");
    assertEquals(new LocalityWaits(1000, 0, 5000), LocalityWaits.fromConf(conf));
  }

  @Test
  void malformedWaitNamesKeyAndFormat() {
    SpindleConf conf = new SpindleConf(false).set("spindle.locality.wait", "3 seconds");
    InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> LocalityWaits.fromConf(conf));
    assertTrue(e.getMessage().contains("spindle.locality.wait") && e.getMessage().contains("3s"), e.getMessage());
  }
}
