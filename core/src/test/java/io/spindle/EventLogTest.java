package io.spindle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spindle.function.SpindleListener;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xerial.snappy.SnappyInputStream;

/**
 * The event log of {@link ObservedJob}: named {@code <appId>.inprogress} while the application
 * runs and {@code <appId>} after; JSON lines in Spark's format holding every job, stage and task
 * end the scheduler saw (a listener on its own thread is the reference), with metrics; secrets
 * redacted. Compressed logs read back through snappy-java's stream, as Spark reads them.
 */
class EventLogTest {
  @TempDir
  Path dir;

  @ParameterizedTest(name = "compress={0}")
  @ValueSource(booleans = {false, true})
  void theLogHoldsEveryEventInSparksFormat(boolean compress) throws IOException {
    ObservedJobs.Run job;
    String appId;
    String name;
    try (SpindleContext ctx = new SpindleContext(ObservedJobs.conf("local[2]")
        .set("spindle.ui.enabled", "false")
        .set("spindle.eventLog.enabled", "true")
        .set("spindle.eventLog.dir", dir.toUri().toString())
        .set("spindle.eventLog.compress", String.valueOf(compress)))) {
      appId = ctx.applicationId();
      name = appId + (compress ? ".snappy" : "");
      assertTrue(Files.exists(dir.resolve(name + ".inprogress")), "running: " + listing());
      job = ObservedJobs.run(ctx);
      assertFalse(Files.exists(dir.resolve(name)));
    }
    assertEquals(List.of(name), listing(), "renamed when the application ended");
    List<JsonNode> events = read(dir.resolve(name), compress);

    assertEquals("SparkListenerLogStart", type(events.get(0)));
    JsonNode start = events.get(1);
    assertEquals("SparkListenerApplicationStart", type(start));
    assertEquals(appId, start.get("App ID").asText());
    assertEquals("observed ünïcode job", start.get("App Name").asText());
    assertEquals("SparkListenerApplicationEnd", type(events.get(events.size() - 1)));
    JsonNode env = only(events, "SparkListenerEnvironmentUpdate");
    assertEquals("*********(redacted)", env.get("Spark Properties").get("spindle.authenticate.secret").asText());
    assertEquals("*********(redacted)", env.get("Hadoop Properties").get("fs.s3a.secret.key").asText());
    assertEquals("2", env.get("Spark Properties").get("spindle.task.maxFailures").asText());
    for (JsonNode e : events) {
      assertFalse(e.toString().contains(ObservedJobs.SECRET), "a secret in " + e);
    }

    // Every task end the scheduler saw, with its metrics.
    List<JsonNode> taskEnds = all(events, "SparkListenerTaskEnd");
    Set<Long> expectedIds = job.taskEnds().stream().map(SpindleListener.TaskInfo::taskId)
        .collect(Collectors.toCollection(TreeSet::new));
    Set<Long> loggedIds = taskEnds.stream().map(e -> e.get("Task Info").get("Task ID").asLong())
        .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(expectedIds, loggedIds);
    assertEquals(job.taskEnds().size(), taskEnds.size());
    assertEquals(taskEnds.size(), all(events, "SparkListenerTaskStart").size(), "each end has its start");
    for (JsonNode e : taskEnds) {
      JsonNode m = e.get("Task Metrics");
      for (String field : List.of("Executor Run Time", "JVM GC Time", "Memory Bytes Spilled", "Disk Bytes Spilled",
          "Peak Execution Memory")) {
        assertTrue(m.get(field).isIntegralNumber(), field + " in " + e);
      }
      assertTrue(m.get("Shuffle Read Metrics").get("Fetch Wait Time").isIntegralNumber());
      assertTrue(e.get("Task Info").get("Launch Time").asLong() <= e.get("Task Info").get("Finish Time").asLong());
    }
    List<JsonNode> failed = taskEnds.stream().filter(e -> e.get("Task Info").get("Failed").asBoolean()).toList();
    assertEquals(1, failed.size(), "the task that failed once");
    assertEquals("ExceptionFailure", failed.get(0).get("Task End Reason").get("Reason").asText());
    assertEquals("java.lang.IllegalStateException", failed.get(0).get("Task End Reason").get("Class Name").asText());
    assertEquals("fails once on purpose", failed.get(0).get("Task End Reason").get("Description").asText());
    long spilledToDisk = taskEnds.stream().mapToLong(e -> e.get("Task Metrics").get("Disk Bytes Spilled").asLong()).sum();
    long expectedSpill = job.taskEnds().stream().mapToLong(t -> t.metrics().diskBytesSpilled()).sum();
    assertTrue(expectedSpill > 0, "the job spilled");
    assertEquals(expectedSpill, spilledToDisk);
    long shuffleWrite = taskEnds.stream()
        .mapToLong(e -> e.get("Task Metrics").get("Shuffle Write Metrics").get("Shuffle Records Written").asLong()).sum();
    assertEquals(job.taskEnds().stream().mapToLong(t -> t.metrics().shuffleWriteRecords()).sum(), shuffleWrite);
    assertEquals(Set.of("ShuffleMapTask", "ResultTask"),
        taskEnds.stream().map(e -> e.get("Task Type").asText()).collect(Collectors.toSet()));

    // Jobs and stages.
    assertEquals(job.jobsEnded(), all(events, "SparkListenerJobEnd").stream().map(e -> e.get("Job ID").asInt()).toList());
    all(events, "SparkListenerJobEnd").forEach(e -> assertEquals("JobSucceeded", e.get("Job Result").get("Result").asText()));
    List<JsonNode> jobStarts = all(events, "SparkListenerJobStart");
    assertEquals(3, jobStarts.get(1).get("Stage IDs").size(), "the second job has three stages");
    List<JsonNode> stageEnds = all(events, "SparkListenerStageCompleted");
    assertEquals(job.stagesCompleted().stream().map(s -> s.stageId() + "/" + s.attempt()).toList(),
        stageEnds.stream().map(e -> e.get("Stage Info").get("Stage ID").asInt() + "/"
            + e.get("Stage Info").get("Stage Attempt ID").asInt()).toList());
    for (JsonNode e : stageEnds) {
      JsonNode info = e.get("Stage Info");
      assertTrue(info.get("Submission Time").asLong() <= info.get("Completion Time").asLong(), info.toString());
      assertTrue(info.get("RDD Info").size() > 0, info.toString());
    }
    JsonNode cachedRdd = stageEnds.get(0).get("Stage Info").get("RDD Info").get(0);
    assertTrue(cachedRdd.get("Storage Level").get("Use Memory").asBoolean(), "the cached RDD's level: " + cachedRdd);
    assertEquals(1, all(events, "SparkListenerBlockManagerAdded").size(), "local mode: the driver's block store");
  }

  @org.junit.jupiter.api.Test
  void aMissingLogDirectoryIsAConfigurationErrorNamingTheKey() {
    io.spindle.config.InvalidConfigException e = org.junit.jupiter.api.Assertions.assertThrows(
        io.spindle.config.InvalidConfigException.class, () -> new SpindleContext(new SpindleConf(false)
            .setMaster("local[1]").set("spindle.ui.enabled", "false").set("spindle.eventLog.enabled", "true")
            .set("spindle.eventLog.dir", dir.resolve("missing").toUri().toString())));
    assertTrue(e.getMessage().contains("spindle.eventLog.dir") && e.getMessage().contains("does not exist"),
        e.getMessage());
  }

  private List<String> listing() throws IOException {
    try (var files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
    }
  }

  private static List<JsonNode> read(Path file, boolean compressed) throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    List<JsonNode> events = new ArrayList<>();
    try (InputStream raw = Files.newInputStream(file);
        InputStream in = compressed ? new SnappyInputStream(raw) : raw;
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        JsonNode event = mapper.readTree(line);
        assertTrue(event.isObject() && event.has("Event"), line);
        events.add(event);
      }
    }
    return events;
  }

  private static String type(JsonNode event) {
    return event.get("Event").asText();
  }

  private static List<JsonNode> all(List<JsonNode> events, String type) {
    return events.stream().filter(e -> type.equals(type(e))).toList();
  }

  private static JsonNode only(List<JsonNode> events, String type) {
    List<JsonNode> found = all(events, type);
    assertEquals(1, found.size(), type);
    return found.get(0);
  }
}
