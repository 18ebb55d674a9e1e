package io.spindle.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.function.HashPartitioner;
import io.spindle.function.JobFailedException;
import io.spindle.function.Pair;
import io.spindle.SpindleConf;
import io.spindle.SpindleContext;
import io.spindle.TestData;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The status UI of a local context, read over a real socket: jobs, stages and executors against
 * what the test knows without the engine (partitions, records, the exception it threw).
 */
class StatusUiTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static SpindleConf conf() {
    return new SpindleConf().setMaster("local[2]").setAppName("ui \"test\" ünï").set("spindle.ui.port", "0")
        .set("spindle.task.maxFailures", "2");
  }

  @Test
  void servesJobsStagesAndExecutorsOfATwoStageJobAndAFailedJob() throws Exception {
    List<String> words = TestData.random(2_000, 50, 7);
    List<Pair<String, Integer>> pairs = new ArrayList<>();
    words.forEach(w -> pairs.add(Pair.of(w, 1)));
    String message = "boom \"quoted\" ✓ <b>";
    String url;
    String appId;
    try (SpindleContext ctx = new SpindleContext(conf())) {
      url = ctx.uiWebUrl().orElseThrow();
      appId = ctx.applicationId();
      assertTrue(url.matches("http://localhost:\\d+"), url);

      // Job 0: 4 map tasks that shuffle every record (no combine), 3 reduce tasks.
      long n = ctx.parallelizePairs(pairs, 4).partitionBy(new HashPartitioner(3)).count();
      assertEquals(words.size(), n);
      // Job 1: every attempt throws; the job fails after 2 attempts of a task.
      JobFailedException failed = assertThrows(JobFailedException.class, () -> ctx.parallelize(List.of(1, 2, 3), 2)
          .map(x -> {
            throw new IllegalStateException(message);
          }).count());
      assertTrue(failed.getMessage().contains(message));
      // The status store hears events on the listener bus, a little after the actions returned.
      assertTrue(ctx.waitForListeners(30_000));

      List<Map<String, Object>> apps = JsonDocs.arrayOfObjects(get(url + "/api/v1/applications"));
      assertEquals(1, apps.size());
      assertEquals(appId, apps.get(0).get("id"));
      assertEquals("ui \"test\" ünï", apps.get(0).get("name"));

      String api = url + "/api/v1/applications/" + appId;
      List<Map<String, Object>> jobs = JsonDocs.arrayOfObjects(get(api + "/jobs"));
      assertEquals(2, jobs.size(), jobs.toString());
      Map<String, Object> job1 = jobs.get(0); // newest first
      Map<String, Object> job0 = jobs.get(1);
      assertEquals(0L, job0.get("jobId"));
      assertEquals("SUCCEEDED", job0.get("status"));
      assertTrue(((String) job0.get("name")).startsWith("count at StatusUiTest.java:"), job0.toString());
      assertEquals(2, ((List<?>) job0.get("stageIds")).size());
      assertEquals(7L, job0.get("numTasks"));
      assertEquals(7L, job0.get("numCompletedTasks"));
      assertEquals(0L, job0.get("numActiveTasks"));
      assertEquals(2L, job0.get("numCompletedStages"));
      assertTrue(job0.containsKey("completionTime") && !job0.containsKey("failureReason"), job0.toString());

      assertEquals(1L, job1.get("jobId"));
      assertEquals("FAILED", job1.get("status"));
      assertTrue(((String) job1.get("failureReason")).contains("java.lang.IllegalStateException: " + message),
          job1.toString());
      assertEquals(0L, job1.get("numCompletedTasks"));
      assertTrue((Long) job1.get("numFailedTasks") >= 2, job1.toString());
      assertEquals(1L, job1.get("numFailedStages"));

      List<Map<String, Object>> stages = JsonDocs.arrayOfObjects(get(api + "/stages"));
      assertEquals(3, stages.size(), stages.toString());
      Map<String, Object> failedStage = stages.get(0);
      Map<String, Object> reduce = stages.get(1);
      Map<String, Object> map = stages.get(2);
      assertEquals(List.of(0L), map.get("jobIds"));
      assertEquals("COMPLETE", map.get("status"));
      assertEquals(4L, map.get("numTasks"));
      assertEquals(4L, map.get("numCompleteTasks"));
      assertEquals(4L, map.get("numCompletedIndices"));
      assertEquals((long) words.size(), map.get("shuffleWriteRecords"));
      assertTrue((Long) map.get("shuffleWriteBytes") > 0);
      assertEquals(4L, ((Map<?, ?>) map.get("locality")).values().stream().mapToLong(v -> (Long) v).sum());
      assertEquals("COMPLETE", reduce.get("status"));
      assertEquals(3L, reduce.get("numTasks"));
      assertEquals(3L, reduce.get("numCompleteTasks"));
      assertEquals((long) words.size(), reduce.get("shuffleReadRecords"));
      assertEquals(map.get("shuffleWriteBytes"), reduce.get("shuffleReadBytes"));
      assertEquals("FAILED", failedStage.get("status"));
      assertEquals(2L, failedStage.get("numTasks"));
      assertEquals(0L, failedStage.get("numActiveTasks"), failedStage.toString());
      assertTrue(((String) failedStage.get("failureReason")).contains(message), failedStage.toString());

      List<Map<String, Object>> executors = JsonDocs.arrayOfObjects(get(api + "/executors"));
      assertEquals(1, executors.size(), executors.toString());
      Map<String, Object> driver = executors.get(0);
      assertEquals("driver", driver.get("id"));
      assertEquals(2L, driver.get("totalCores"));
      assertEquals(7L, driver.get("completedTasks"));
      assertEquals(job1.get("numFailedTasks"), driver.get("failedTasks"));
      assertEquals(0L, driver.get("activeTasks"));
      assertEquals((long) words.size() > 0, (Long) driver.get("totalShuffleWrite") > 0);

      String html = get(url + "/");
      assertTrue(html.contains((String) job0.get("name")), html);
      assertTrue(html.contains("boom &quot;quoted&quot; ✓ &lt;b&gt;"), html);
      assertFalse(html.contains("<b>"), "user text is escaped");
      assertTrue(html.contains("http-equiv=\"refresh\""), html);
      // Jetty writes the type without the optional space before the parameter
      assertEquals("text/html;charset=utf-8",
          response(url + "/").headers().firstValue("Content-Type").orElse("").replace(" ", ""));

      List<Map<String, Object>> failedJobs = JsonDocs.arrayOfObjects(get(api + "/jobs?status=failed"));
      assertEquals(List.of(1L), failedJobs.stream().map(j -> j.get("jobId")).toList());
      assertEquals(2, JsonDocs.arrayOfObjects(get(api + "/stages?status=COMPLETE")).size());
      assertEquals(400, response(api + "/jobs?status=sleeping").statusCode());
      assertEquals(job1.get("name"), failedStage.get("name"), "a result stage is named by its job's call site");
      assertTrue(((String) map.get("details")).startsWith("shuffle map stage"), map.toString());
      assertEquals(404, response(url + "/api/v1/applications/nope/jobs").statusCode());
      assertEquals(404, response(api + "/jobs/99").statusCode());
      assertEquals(job0.get("name"), JsonDocs.object(get(api + "/jobs/0")).get("name"));
    }
    assertThrows(ConnectException.class, () -> response(url + "/"), "the server stops with the context");
  }

  /** The YARN AM's arrangement: a server started before any context, which the context then feeds. */
  @Test
  void aContextAttachesToTheProcessSharedServerAndLeavesItRunning() throws Exception {
    AppStatusListener placeholder = new AppStatusListener("application_1_0001", "am", "localhost", 0,
        new SpindleConf(false));
    StatusServer server = StatusServer.start(InetAddress.getLoopbackAddress(), "localhost", 0, 0, placeholder);
    StatusServer.installShared(server);
    try {
      String api = server.url() + "/api/v1/applications/application_1_0001";
      assertEquals("[]", get(api + "/jobs"), "no context yet: no jobs, but the URL answers");
      try (SpindleContext ctx = new SpindleContext(conf())) {
        assertEquals(server.url(), ctx.uiWebUrl().orElseThrow());
        assertEquals(4, ctx.parallelize(List.of(1, 2, 3, 4), 2).count());
      }
      List<Map<String, Object>> jobs = JsonDocs.arrayOfObjects(get(api + "/jobs"));
      assertEquals(1, jobs.size(), "the context's job, under the AM's application id, after the context closed");
      assertEquals("SUCCEEDED", jobs.get(0).get("status"));
      assertEquals(true, ((Map<?, ?>) ((List<?>) JsonDocs.arrayOfObjects(get(server.url() + "/api/v1/applications"))
          .get(0).get("attempts")).get(0)).get("completed"));
    } finally {
      StatusServer.installShared(null);
      server.stop();
    }
  }

  @Test
  void disabledUiHasNoUrlAndJobsStillRun() {
    try (SpindleContext ctx = new SpindleContext(conf().set("spindle.ui.enabled", "false"))) {
      assertTrue(ctx.uiWebUrl().isEmpty());
      assertEquals(3, ctx.parallelize(List.of(1, 2, 3), 2).count());
    }
  }

  @Test
  void busyPortsAreSkippedAndAllBusyMeansNoUiButNoFailure() throws Exception {
    try (ServerSocket busy = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      int port = busy.getLocalPort();
      AppStatusListener status = new AppStatusListener("app-1", "x", "localhost", 1, new SpindleConf(false));
      StatusServer next = StatusServer.start(InetAddress.getLoopbackAddress(), "localhost", port, 16, status);
      try {
        assertTrue(next != null && next.port() > port && next.port() <= port + 16, "tried the next ports");
      } finally {
        if (next != null) {
          next.stop();
        }
      }
      SpindleConf conf = conf().set("spindle.ui.port", Integer.toString(port)).set("spindle.port.maxRetries", "0");
      try (SpindleContext ctx = new SpindleContext(conf)) {
        assertTrue(ctx.uiWebUrl().isEmpty(), "no UI: the port was busy and no retry was allowed");
        assertEquals(3, ctx.parallelize(List.of(1, 2, 3), 2).count());
      }
    }
  }

  @Test
  void serverThreadsAreDaemons() throws Exception {
    try (SpindleContext ctx = new SpindleContext(conf())) {
      get(ctx.uiWebUrl().orElseThrow() + "/");
      Set<Thread> http = Thread.getAllStackTraces().keySet().stream()
          .filter(t -> t.getName().startsWith("HTTP-Dispatcher") || t.getName().startsWith("spindle-ui"))
          .collect(Collectors.toSet());
      assertFalse(http.isEmpty());
      http.forEach(t -> assertTrue(t.isDaemon(), t + " must not keep the JVM alive"));
    }
  }

  private static String get(String url) throws IOException, InterruptedException {
    HttpResponse<String> r = response(url);
    assertEquals(200, r.statusCode(), url + ": " + r.body());
    return r.body();
  }

  private static HttpResponse<String> response(String url) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }
}
