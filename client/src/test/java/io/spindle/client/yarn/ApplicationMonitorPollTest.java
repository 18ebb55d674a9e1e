package io.spindle.client.yarn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** How often the client asks the ResourceManager: faster in an application's first seconds, then as configured. */
class ApplicationMonitorPollTest {
  @Test
  void theFirstFifteenSecondsPollEveryHundredMillisThenTheConfiguredInterval() {
    assertEquals(100, ApplicationMonitor.pollDelayMs(250, 0));
    assertEquals(100, ApplicationMonitor.pollDelayMs(250, 14_999));
    assertEquals(250, ApplicationMonitor.pollDelayMs(250, 15_000));
    assertEquals(1_000, ApplicationMonitor.pollDelayMs(1_000, 60_000));
    assertEquals(100, ApplicationMonitor.pollDelayMs(100, 3_000), "never slower than configured");
    assertEquals(100, ApplicationMonitor.pollDelayMs(100, 30_000));
  }
}
