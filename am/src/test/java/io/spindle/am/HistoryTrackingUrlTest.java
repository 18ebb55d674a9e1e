package io.spindle.am;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The final tracking URL: the history server's page of the application, or none. */
class HistoryTrackingUrlTest {
  @Test
  void pointsAtTheHistoryServersPageOfTheApplication() {
    assertEquals("http://hs.example:18080/history/application_1_0001/",
        HistoryTrackingUrl.of("hs.example:18080", "application_1_0001"));
    assertEquals("https://hs.example/history/application_1_0001/",
        HistoryTrackingUrl.of(" https://hs.example/ ", "application_1_0001"));
  }

  @Test
  void noAddressMeansNoFinalUrl() {
    assertEquals("", HistoryTrackingUrl.of(null, "application_1_0001"));
    assertEquals("", HistoryTrackingUrl.of("  ", "application_1_0001"));
  }
}
