package io.spindle.am;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.status.StatusServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the AM registers as its tracking URL, and the server behind it. */
class AmStatusUiTest {

  @Test
  void startsTheSharedServerBeforeAnyContextAndServesTheYarnApplicationId() throws Exception {
    String url = AmStatusUi.start(Map.of("spindle.ui.port", "0", "spindle.app.name", "wc"), "localhost",
        "application_42_0007");
    try {
      assertTrue(url.matches("http://localhost:\\d+"), url);
      assertEquals(url, StatusServer.shared().url());
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url
          + "/api/v1/applications")).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode());
      assertTrue(r.body().startsWith("[{\"id\":\"application_42_0007\",\"name\":\"wc\""), r.body());
    } finally {
      AmStatusUi.stop();
    }
    assertNull(StatusServer.shared(), "stopped with the AM");
  }

  @Test
  void aDisabledUiRegistersAnEmptyUrl() {
    assertEquals("", AmStatusUi.start(Map.of("spindle.ui.enabled", "false"), "localhost", "application_42_0008"));
    assertNull(StatusServer.shared());
  }
}
