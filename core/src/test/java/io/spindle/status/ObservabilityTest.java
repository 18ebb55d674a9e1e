package io.spindle.status;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spindle.ObservedJobs;
import io.spindle.SpindleContext;
import io.spindle.config.Settings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12's acceptance on one application (cache on memory and disk, a spilling reduce, a task
 * that fails once and is retried, three stages): the live REST API's task lists carry spill and
 * GC figures equal to what the scheduler reported, the storage endpoint lists the cached RDD with
 * the sizes of its block files, the environment is redacted; then a history server on the event
 * log directory lists the running application as incomplete, and after the end serves the same
 * jobs, stages and task lists as the live UI did.
 */
class ObservabilityTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir
  Path events;
  @TempDir
  Path scratch;

  @Test
  void liveRestApiThenHistoryServerServeTheSameApplication() throws Exception {
    ObservedJobs.Run job;
    Map<String, JsonNode> live = new LinkedHashMap<>();
    Settings historyConf = new Settings(false).set("spindle.history.fs.logDirectory", events.toUri().toString())
        .set("spindle.history.ui.port", "0").set("spindle.history.fs.update.interval", "200ms");
    try (SpindleContext ctx = new SpindleContext(ObservedJobs.conf("local[2]").set("spindle.ui.port", "0")
        .set("spindle.local.dir", scratch.toString())
        .set("spindle.eventLog.enabled", "true").set("spindle.eventLog.dir", events.toUri().toString()));
        HistoryServer history = HistoryServer.start(historyConf, new Configuration(), InetAddress.getLoopbackAddress(),
            "localhost")) {
      job = ObservedJobs.run(ctx);
      assertTrue(ctx.waitForListeners(30_000));
      String api = ctx.uiWebUrl().orElseThrow() + "/api/v1/applications/" + ctx.applicationId();

      // Task lists: one entry per attempt the scheduler reported, with its spill and GC figures.
      JsonNode stages = get(api + "/stages");
      long disk = 0;
      long memory = 0;
      long gc = 0;
      int tasks = 0;
      List<JsonNode> failed = new ArrayList<>();
      for (JsonNode stage : stages) {
        String attempt = api + "/stages/" + stage.get("stageId").asInt() + "/" + stage.get("attemptId").asInt();
        JsonNode list = get(attempt + "/taskList?length=100000");
        for (JsonNode t : list) {
          JsonNode m = t.get("taskMetrics");
          assertNotNull(m, t.toString());
          assertTrue(m.get("jvmGcTime").isIntegralNumber() && m.get("executorRunTime").isIntegralNumber(), t.toString());
          assertTrue(m.get("shuffleReadMetrics").get("fetchWaitTime").isIntegralNumber(), t.toString());
          disk += m.get("diskBytesSpilled").asLong();
          memory += m.get("memoryBytesSpilled").asLong();
          gc += m.get("jvmGcTime").asLong();
          if (t.get("status").asText().equals("FAILED")) {
            failed.add(t);
          }
        }
        tasks += list.size();
        JsonNode summary = get(attempt + "/taskSummary");
        assertEquals(5, summary.get("quantiles").size());
        assertEquals(5, summary.get("diskBytesSpilled").size());
        assertEquals(5, summary.get("jvmGcTime").size());
        live.put("stage " + stage.get("stageId") + "/" + stage.get("attemptId"), list);
      }
      assertEquals(job.taskEnds().size(), tasks, "every task attempt is listed");
      assertEquals(job.taskEnds().stream().mapToLong(t -> t.metrics().diskBytesSpilled()).sum(), disk);
      assertEquals(job.taskEnds().stream().mapToLong(t -> t.metrics().memoryBytesSpilled()).sum(), memory);
      assertEquals(job.taskEnds().stream().mapToLong(t -> t.metrics().jvmGcTime()).sum(), gc);
      assertTrue(disk > 0, "the reduce spilled to disk");
      assertEquals(1, failed.size(), "one attempt failed");
      assertTrue(failed.get(0).get("errorMessage").asText().contains("fails once on purpose"));
      assertEquals(3, get(api + "/jobs/1").get("stageIds").size(), "the second job has three stages");

      // Storage: the cached RDD, its partitions and the sizes of its blocks (files on disk as the reference).
      JsonNode rdds = get(api + "/storage/rdd");
      assertEquals(1, rdds.size(), rdds.toString());
      JsonNode rdd = rdds.get(0);
      assertEquals(4, rdd.get("numPartitions").asInt());
      assertEquals(4, rdd.get("numCachedPartitions").asInt(), rdd.toString());
      assertEquals("Disk Memory Deserialized 1x Replicated", rdd.get("storageLevel").asText());
      assertEquals(blockFileBytes(rdd.get("id").asInt()), rdd.get("diskUsed").asLong(), rdd.toString());
      assertTrue(rdd.get("memoryUsed").asLong() + rdd.get("diskUsed").asLong() > 0, rdd.toString());
      assertEquals(rdd, get(api + "/storage/rdd/" + rdd.get("id").asInt()));

      // Environment: settings, with every secret redacted.
      String environment = getText(api + "/environment");
      assertFalse(environment.contains(ObservedJobs.SECRET), "a secret on the environment page");
      Map<String, String> settings = pairs(JSON.readTree(environment).get("sparkProperties"));
      assertEquals("*********(redacted)", settings.get("spindle.authenticate.secret"));
      assertEquals("2", settings.get("spindle.task.maxFailures"));
      assertEquals("*********(redacted)", pairs(JSON.readTree(environment).get("hadoopProperties")).get("fs.s3a.secret.key"));

      live.put("jobs", get(api + "/jobs"));
      live.put("stages", stages);

      // While it runs, the history server lists the application from its .inprogress log as incomplete.
      String appId = ctx.applicationId();
      await().atMost(Duration.ofSeconds(30)).until(() -> get(history.url() + "/api/v1/applications").size() == 1);
      JsonNode running = get(history.url() + "/api/v1/applications").get(0);
      assertEquals(appId, running.get("id").asText());
      assertFalse(running.get("attempts").get(0).get("completed").asBoolean());
      ctx.close();

      // After the end (the log renamed), the same jobs, stages and task lists.
      await().atMost(Duration.ofSeconds(30)).until(() ->
          get(history.url() + "/api/v1/applications").get(0).get("attempts").get(0).get("completed").asBoolean());
      String hapi = history.url() + "/api/v1/applications/" + appId;
      // Jobs, stages and tasks have no live-only fields (the application and executor documents do).
      assertEquals(live.get("jobs"), get(hapi + "/jobs"));
      assertEquals(live.get("stages"), get(hapi + "/stages"));
      for (JsonNode stage : live.get("stages")) {
        String key = "stage " + stage.get("stageId") + "/" + stage.get("attemptId");
        assertEquals(live.get(key), get(hapi + "/stages/" + stage.get("stageId").asInt() + "/"
            + stage.get("attemptId").asInt() + "/taskList?length=100000"), key);
      }
      String page = getText(history.url() + "/");
      assertTrue(page.contains(appId) && page.contains("observed ünïcode job"), page);
      assertTrue(getText(history.url() + "/history/" + appId + "/").contains("count at"), "the app's page");
    }
  }

  private long blockFileBytes(int rddId) throws IOException {
    try (Stream<Path> files = Files.walk(scratch)) {
      return files.filter(f -> f.getFileName().toString().startsWith("rdd_" + rddId + "_")).mapToLong(f -> {
        try {
          return Files.size(f);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).sum();
    }
  }

  private static Map<String, String> pairs(JsonNode array) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Iterator<JsonNode> it = array.elements(); it.hasNext(); ) {
      JsonNode pair = it.next();
      out.put(pair.get(0).asText(), pair.get(1).asText());
    }
    return out;
  }

  private JsonNode get(String url) throws IOException, InterruptedException {
    return JSON.readTree(getText(url));
  }

  private String getText(String url) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), url + ": " + r.body());
    return r.body();
  }
}
