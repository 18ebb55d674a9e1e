package io.spindle;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.cluster.ClusterBackend;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The status UI of a {@code local-cluster[2,1,384]} driver lists the driver and both executor JVMs
 * (registered over RPC), counts the tasks they ran, and keeps a killed executor in /allexecutors.
 */
class LocalClusterStatusUiTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void executorsAreListedWithTheirTasksAndARemovedOneWithItsReason() throws Exception {
    try (SpindleContext ctx = new SpindleContext(new SpindleConf(false).setMaster("local-cluster[2,1,384]")
        .set("spindle.ui.port", "0"))) {
      assertEquals(10, ctx.parallelize(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 4).count());
      assertTrue(ctx.waitForListeners(30_000), "the status store heard the job's events");
      String api = ctx.uiWebUrl().orElseThrow() + "/api/v1/applications/" + ctx.applicationId();
      String executors = get(api + "/executors");
      List<String> ids = values(executors, "\"id\":\"([^\"]*)\"");
      assertEquals(3, ids.size(), executors);
      assertEquals("driver", ids.get(0), executors);
      assertEquals(List.of("0", "1", "1"), values(executors, "\"totalCores\":(\\d+)"), "driver 0, executors 1 each");
      int completed = values(executors, "\"completedTasks\":(\\d+)").stream().mapToInt(Integer::parseInt).sum();
      assertEquals(4, completed, executors);

      String killed = ids.get(1);
      ((ClusterBackend) ctx.schedulerBackend()).killExecutor(killed);
      await("executor " + killed + " still listed as active").atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> !values(get(api + "/executors"), "\"id\":\"([^\"]*)\"").contains(killed));
      String all = get(api + "/allexecutors");
      assertEquals(3, values(all, "\"id\":\"([^\"]*)\"").size(), all);
      assertTrue(all.contains("\"isActive\":false") && all.contains("\"removeReason\":"), all);
    }
  }

  private static List<String> values(String json, String regex) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile(regex).matcher(json);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  private static String get(String url) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), url + ": " + r.body());
    return r.body();
  }
}
