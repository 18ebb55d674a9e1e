package io.spindle.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spindle.function.TaskMetrics;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * The REST API's JSON (built with Jackson), with Spark's field names and date format
 * ("2026-11-25T18:24:41.123GMT"); times not reached yet are left out, as Spark leaves out absent
 * values.
 */
public final class StatusJson {
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'GMT'").withZone(ZoneOffset.UTC);
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final ObjectMapper MAPPER = new ObjectMapper();
  /** Spark's default quantiles of /taskSummary. */
  static final double[] DEFAULT_QUANTILES = {0.05, 0.25, 0.5, 0.75, 0.95};

  private StatusJson() {}

  public static String date(long epochMillis) {
    return DATE.format(Instant.ofEpochMilli(epochMillis));
  }

  public static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  /**
   * Spark's application list: one entry per application id, its attempts (YARN application
   * attempts, each with its {@code attemptId}) newest first, in the order of {@code apps}.
   */
  public static ArrayNode applications(List<ApplicationInfo> apps) {
    ArrayNode a = JSON.arrayNode();
    java.util.Map<String, List<ApplicationInfo>> byId = new java.util.LinkedHashMap<>();
    apps.forEach(app -> byId.computeIfAbsent(app.id(), k -> new java.util.ArrayList<>()).add(app));
    byId.values().forEach(attempts -> a.add(application(attempts)));
    return a;
  }

  public static ObjectNode application(ApplicationInfo a) {
    return application(List.of(a));
  }

  private static ObjectNode application(List<ApplicationInfo> attempts) {
    List<ApplicationInfo> newestFirst = new java.util.ArrayList<>(attempts);
    newestFirst.sort(java.util.Comparator.comparingLong(ApplicationInfo::startTime).reversed());
    ApplicationInfo latest = newestFirst.get(0);
    ObjectNode o = JSON.objectNode().put("id", latest.id()).put("name", latest.name());
    ArrayNode list = o.putArray("attempts");
    newestFirst.forEach(a -> list.add(attempt(a)));
    return o;
  }

  /** One attempt as Spark's application list and {@code /applications/<appId>/<attemptId>} show it. */
  public static ObjectNode attempt(ApplicationInfo a) {
    long end = a.endTime();
    long now = a.completed() ? end : System.currentTimeMillis();
    ObjectNode attempt = JSON.objectNode();
    if (a.attemptId() != null) {
      attempt.put("attemptId", a.attemptId());
    }
    return attempt.put("startTime", date(a.startTime())).put("endTime", date(end))
        .put("lastUpdated", date(now)).put("duration", a.completed() ? end - a.startTime() : 0)
        .put("sparkUser", a.user()).put("completed", a.completed()).put("startTimeEpoch", a.startTime())
        .put("endTimeEpoch", end).put("lastUpdatedEpoch", now);
  }

  public static ArrayNode jobs(List<JobData> jobs) {
    ArrayNode a = JSON.arrayNode();
    jobs.forEach(j -> a.add(job(j)));
    return a;
  }

  public static ObjectNode job(JobData j) {
    ObjectNode o = JSON.objectNode().put("jobId", j.jobId()).put("name", j.name())
        .put("submissionTime", date(j.submissionTime()));
    time(o, "completionTime", j.completionTime());
    ArrayNode ids = o.putArray("stageIds");
    j.stageIds().forEach(ids::add);
    o.put("status", j.status()).put("numTasks", j.numTasks()).put("numActiveTasks", j.numActiveTasks())
        .put("numCompletedTasks", j.numCompletedTasks()).put("numSkippedTasks", 0)
        .put("numFailedTasks", j.numFailedTasks()).put("numKilledTasks", 0)
        .put("numActiveStages", j.numActiveStages()).put("numCompletedStages", j.numCompletedStages())
        .put("numSkippedStages", j.numSkippedStages()).put("numFailedStages", j.numFailedStages());
    optional(o, "failureReason", j.failureReason());
    return o;
  }

  public static ArrayNode stages(List<StageData> stages) {
    ArrayNode a = JSON.arrayNode();
    stages.forEach(s -> a.add(stage(s)));
    return a;
  }

  public static ObjectNode stage(StageData s) {
    ObjectNode o = JSON.objectNode().put("status", s.status()).put("stageId", s.stageId())
        .put("attemptId", s.attemptId()).put("numTasks", s.numTasks()).put("numActiveTasks", s.numActiveTasks())
        .put("numCompleteTasks", s.numCompleteTasks()).put("numFailedTasks", s.numFailedTasks())
        .put("numKilledTasks", 0).put("numCompletedIndices", s.numCompletedIndices())
        .put("submissionTime", date(s.submissionTime()));
    time(o, "firstTaskLaunchedTime", s.firstTaskLaunchedTime());
    time(o, "completionTime", s.completionTime());
    optional(o, "failureReason", s.failureReason());
    IoTotals io = s.io();
    o.put("executorRunTime", io.executorRunTime()).put("jvmGcTime", io.jvmGcTime())
        .put("inputBytes", io.inputBytes()).put("inputRecords", io.inputRecords())
        .put("outputBytes", io.outputBytes()).put("outputRecords", io.outputRecords())
        .put("shuffleReadBytes", io.shuffleReadBytes()).put("shuffleReadRecords", io.shuffleReadRecords())
        .put("shuffleFetchWaitTime", io.shuffleFetchWaitTime())
        .put("shuffleWriteBytes", io.shuffleWriteBytes()).put("shuffleWriteRecords", io.shuffleWriteRecords())
        .put("memoryBytesSpilled", io.memoryBytesSpilled()).put("diskBytesSpilled", io.diskBytesSpilled())
        .put("peakExecutionMemory", io.peakExecutionMemory());
    o.put("name", s.name()).put("details", s.details());
    ArrayNode jobIds = o.putArray("jobIds");
    s.jobIds().forEach(jobIds::add);
    ObjectNode locality = o.putObject("locality");
    s.locality().forEach(locality::put);
    return o;
  }

  /** A stage attempt with its tasks by id (Spark's ?details=true form of /stages/&lt;id&gt;/&lt;attempt&gt;). */
  /**
   * The stage attempts of a {@code /stages} answer (another process's status API), with what the
   * progress bar needs: ids, status, name, task counts; times and metrics are not read (-1, 0).
   */
  public static List<StageData> parseStages(String json) {
    try {
      List<StageData> out = new java.util.ArrayList<>();
      for (JsonNode s : MAPPER.readTree(json)) {
        List<Integer> jobIds = new java.util.ArrayList<>();
        s.path("jobIds").forEach(j -> jobIds.add(j.asInt()));
        out.add(new StageData(s.path("stageId").asInt(), s.path("attemptId").asInt(), s.path("name").asText(),
            s.path("details").asText(), s.path("status").asText(), jobIds, s.path("numTasks").asInt(),
            s.path("numActiveTasks").asInt(), s.path("numCompleteTasks").asInt(), s.path("numFailedTasks").asInt(),
            s.path("numCompletedIndices").asInt(), -1, -1, -1, null,
            new IoTotals(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), Map.of()));
      }
      return out;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a stage list: " + e.getOriginalMessage(), e);
    }
  }

  public static ObjectNode stageWithTasks(StageData s, List<TaskData> tasks) {
    ObjectNode o = stage(s);
    ObjectNode byId = o.putObject("tasks");
    tasks.forEach(t -> byId.set(String.valueOf(t.taskId()), task(t)));
    return o;
  }

  public static ArrayNode tasks(List<TaskData> tasks) {
    ArrayNode a = JSON.arrayNode();
    tasks.forEach(t -> a.add(task(t)));
    return a;
  }

  public static ObjectNode task(TaskData t) {
    ObjectNode o = JSON.objectNode().put("taskId", t.taskId()).put("index", t.index()).put("attempt", t.attempt())
        .put("partitionId", t.index()).put("launchTime", date(t.launchTime()));
    if (t.duration() >= 0) {
      o.put("duration", t.duration());
    }
    o.put("executorId", t.executorId()).put("host", t.host()).put("status", t.status());
    optional(o, "taskLocality", t.taskLocality());
    o.put("speculative", false);
    o.putArray("accumulatorUpdates");
    optional(o, "errorMessage", t.errorMessage());
    if (t.metrics() != null) {
      o.set("taskMetrics", metrics(t.metrics()));
    }
    return o;
  }

  static ObjectNode metrics(TaskMetrics m) {
    ObjectNode o = JSON.objectNode().put("executorDeserializeTime", 0).put("executorDeserializeCpuTime", 0)
        .put("executorRunTime", m.executorRunTime()).put("executorCpuTime", 0).put("resultSize", 0)
        .put("jvmGcTime", m.jvmGcTime()).put("resultSerializationTime", 0)
        .put("memoryBytesSpilled", m.memoryBytesSpilled()).put("diskBytesSpilled", m.diskBytesSpilled())
        .put("peakExecutionMemory", m.peakExecutionMemory());
    o.putObject("inputMetrics").put("bytesRead", m.inputBytes()).put("recordsRead", m.inputRecords());
    o.putObject("outputMetrics").put("bytesWritten", m.outputBytes()).put("recordsWritten", m.outputRecords());
    o.putObject("shuffleReadMetrics").put("remoteBlocksFetched", 0).put("localBlocksFetched", 0)
        .put("fetchWaitTime", m.shuffleFetchWaitTime()).put("remoteBytesRead", m.shuffleReadBytes())
        .put("remoteBytesReadToDisk", 0).put("localBytesRead", 0).put("recordsRead", m.shuffleReadRecords());
    o.putObject("shuffleWriteMetrics").put("bytesWritten", m.shuffleWriteBytes()).put("writeTime", 0)
        .put("recordsWritten", m.shuffleWriteRecords());
    return o;
  }

  /**
   * Spark's TaskMetricDistributions over the successful tasks: for each metric, its value at each
   * quantile (nearest rank over the sorted values, as Spark's Distribution).
   */
  public static ObjectNode taskSummary(List<TaskData> tasks, double[] quantiles) {
    List<TaskMetrics> done = new ArrayList<>();
    List<TaskData> succeeded = new ArrayList<>();
    for (TaskData t : tasks) {
      if ("SUCCESS".equals(t.status()) && t.metrics() != null) {
        done.add(t.metrics());
        succeeded.add(t);
      }
    }
    ObjectNode o = JSON.objectNode();
    ArrayNode q = o.putArray("quantiles");
    Arrays.stream(quantiles).forEach(q::add);
    o.set("duration", quantiles(succeeded, TaskData::duration, quantiles));
    o.set("executorRunTime", quantiles(done, TaskMetrics::executorRunTime, quantiles));
    o.set("jvmGcTime", quantiles(done, TaskMetrics::jvmGcTime, quantiles));
    o.set("memoryBytesSpilled", quantiles(done, TaskMetrics::memoryBytesSpilled, quantiles));
    o.set("diskBytesSpilled", quantiles(done, TaskMetrics::diskBytesSpilled, quantiles));
    o.set("peakExecutionMemory", quantiles(done, TaskMetrics::peakExecutionMemory, quantiles));
    ObjectNode input = o.putObject("inputMetrics");
    input.set("bytesRead", quantiles(done, TaskMetrics::inputBytes, quantiles));
    input.set("recordsRead", quantiles(done, TaskMetrics::inputRecords, quantiles));
    ObjectNode output = o.putObject("outputMetrics");
    output.set("bytesWritten", quantiles(done, TaskMetrics::outputBytes, quantiles));
    output.set("recordsWritten", quantiles(done, TaskMetrics::outputRecords, quantiles));
    ObjectNode read = o.putObject("shuffleReadMetrics");
    read.set("readBytes", quantiles(done, TaskMetrics::shuffleReadBytes, quantiles));
    read.set("readRecords", quantiles(done, TaskMetrics::shuffleReadRecords, quantiles));
    read.set("fetchWaitTime", quantiles(done, TaskMetrics::shuffleFetchWaitTime, quantiles));
    ObjectNode write = o.putObject("shuffleWriteMetrics");
    write.set("writeBytes", quantiles(done, TaskMetrics::shuffleWriteBytes, quantiles));
    write.set("writeRecords", quantiles(done, TaskMetrics::shuffleWriteRecords, quantiles));
    return o;
  }

  /** Nearest-rank quantiles: index min(n - 1, floor(q * n)) of the sorted values; empty input gives 0s. */
  static <T> ArrayNode quantiles(List<T> items, ToLongFunction<T> metric, double[] quantiles) {
    long[] sorted = items.stream().mapToLong(metric).sorted().toArray();
    ArrayNode a = JSON.arrayNode();
    for (double q : quantiles) {
      a.add(sorted.length == 0 ? 0.0 : (double) sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))]);
    }
    return a;
  }

  public static ArrayNode executors(List<ExecutorSummary> executors, Map<String, String> logUrlPattern) {
    ArrayNode a = JSON.arrayNode();
    for (ExecutorSummary e : executors) {
      ObjectNode o = a.addObject().put("id", e.id()).put("hostPort", e.hostPort()).put("isActive", e.isActive())
          .put("totalCores", e.totalCores()).put("maxTasks", e.totalCores())
          .put("activeTasks", e.activeTasks()).put("failedTasks", e.failedTasks())
          .put("completedTasks", e.completedTasks()).put("totalTasks", e.totalTasks())
          .put("totalDuration", e.totalDuration()).put("totalGCTime", e.io().jvmGcTime())
          .put("totalInputBytes", e.io().inputBytes()).put("totalShuffleRead", e.io().shuffleReadBytes())
          .put("totalShuffleWrite", e.io().shuffleWriteBytes()).put("memoryUsed", e.memoryUsed())
          .put("diskUsed", e.diskUsed()).put("maxMemory", e.maxMemory())
          .put("addTime", date(e.addTime()));
      time(o, "removeTime", e.removeTime());
      optional(o, "removeReason", e.removeReason());
      ObjectNode logs = o.putObject("executorLogs");
      e.logUrls().forEach(logs::put);
    }
    return a;
  }

  /** Spark's RDDStorageInfo. */
  public static ArrayNode rdds(List<RddStorage> rdds) {
    ArrayNode a = JSON.arrayNode();
    rdds.forEach(r -> a.add(rdd(r)));
    return a;
  }

  public static ObjectNode rdd(RddStorage r) {
    return JSON.objectNode().put("id", r.id()).put("name", r.name()).put("numPartitions", r.numPartitions())
        .put("numCachedPartitions", r.numCachedPartitions()).put("storageLevel", r.storageLevel())
        .put("memoryUsed", r.memoryUsed()).put("diskUsed", r.diskUsed());
  }

  /** Spark's ApplicationEnvironmentInfo: settings as [key, value] pairs, secrets already redacted. */
  public static ObjectNode environment(Map<String, Map<String, String>> sections) {
    ObjectNode o = JSON.objectNode();
    Map<String, String> jvm = sections.getOrDefault("JVM Information", Map.of());
    o.putObject("runtime").put("javaVersion", jvm.getOrDefault("Java Version", ""))
        .put("javaHome", jvm.getOrDefault("Java Home", "")).put("scalaVersion", jvm.getOrDefault("Scala Version", ""));
    pairs(o.putArray("sparkProperties"), sections.get("Spark Properties"));
    pairs(o.putArray("hadoopProperties"), sections.get("Hadoop Properties"));
    pairs(o.putArray("systemProperties"), sections.get("System Properties"));
    pairs(o.putArray("metricsProperties"), sections.get("Metrics Properties"));
    pairs(o.putArray("classpathEntries"), sections.get("Classpath Entries"));
    o.putArray("resourceProfiles");
    return o;
  }

  private static void pairs(ArrayNode into, Map<String, String> values) {
    if (values != null) {
      new java.util.TreeMap<>(values).forEach((k, v) -> into.addArray().add(k).add(v));
    }
  }

  private static void time(ObjectNode o, String name, long epochMillis) {
    if (epochMillis >= 0) {
      o.put(name, date(epochMillis));
    }
  }

  private static void optional(ObjectNode o, String name, String value) {
    if (value != null) {
      o.put(name, value);
    }
  }
}
