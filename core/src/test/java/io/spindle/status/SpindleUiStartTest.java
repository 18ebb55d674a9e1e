package io.spindle.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.SpindleConf;
import io.spindle.SpindleContext;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A local context starts its UI server on a thread of its own while the driver goes on (issue
 * 15): a context closed at once still stops the server it was starting, and jobs that ran before
 * the server was up are on its pages.
 */
@Timeout(120)
class SpindleUiStartTest {
  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void aContextClosedRightAfterItStartedStopsTheServerItWasStarting() throws Exception {
    for (int i = 0; i < 3; i++) { // the start may be anywhere along when close comes: a few times
      int port = freePort();
      SpindleConf conf = new SpindleConf().setMaster("local[1]").setAppName("ui-start")
          .set("spindle.ui.port", Integer.toString(port)).set("spindle.port.maxRetries", "0");
      new SpindleContext(conf).close(); // never asked for its URL
      // Nothing listens on the port any more: binding it works (a server left running would hold it).
      try (ServerSocket again = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
        assertEquals(port, again.getLocalPort());
      }
    }
  }

  @Test
  void jobsThatRanBeforeTheServerWasUpAreOnItsPages() throws Exception {
    SpindleConf conf = new SpindleConf().setMaster("local[2]").setAppName("ui-start").set("spindle.ui.port", "0");
    try (SpindleContext ctx = new SpindleContext(conf)) {
      assertEquals(5, ctx.parallelize(List.of(1, 2, 3, 4, 5), 2).count()); // at once, before asking for the URL
      assertTrue(ctx.waitForListeners(30_000));
      String url = ctx.uiWebUrl().orElseThrow();
      HttpResponse<String> r = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(url + "/api/v1/applications/" + ctx.applicationId() + "/jobs")).build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      assertEquals(200, r.statusCode(), r.body());
      List<Map<String, Object>> jobs = JsonDocs.arrayOfObjects(r.body());
      assertEquals(1, jobs.size(), r.body());
      assertEquals("SUCCEEDED", jobs.get(0).get("status"), r.body());
      assertEquals(2, ((Number) jobs.get(0).get("numTasks")).intValue(), r.body());
    }
  }
}
