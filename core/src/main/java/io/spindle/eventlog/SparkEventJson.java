package io.spindle.eventlog;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spindle.function.SpindleListener.ExecutorInfo;
import io.spindle.function.SpindleListener.StageInfo;
import io.spindle.function.SpindleListener.TaskInfo;
import io.spindle.function.SpindleListener.TaskStartInfo;
import io.spindle.function.StorageLevel;
import io.spindle.function.TaskMetrics;
import io.spindle.scheduler.StageDetails;
import java.util.List;
import java.util.Map;

/**
 * The JSON of each event, with the event names and field names of Spark's {@code JsonProtocol}
 * (Spark 3.x), so Spark's history server and tools that read Spark event logs can read Spindle's.
 * Every field Spark's reader requires is written; Spindle's values where Spindle has no such
 * notion are Spark's neutral ones (no accumulables, resource profile 0, not speculative). The
 * events and fields are listed in docs/ui.md.
 */
public final class SparkEventJson {
  /** The "Spark Version" written in the log's first line: the Spark event-log format these events follow. */
  public static final String FORMAT_VERSION = "3.5.0";

  /**
   * Spindle's one addition to Spark's StageInfo: whether the stage writes shuffle output (Spark's
   * reader ignores fields it does not know). The history server needs it to name stages as the
   * live UI does.
   */
  public static final String SHUFFLE_MAP_FIELD = "Spindle Shuffle Map Stage";

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private SparkEventJson() {}

  private static ObjectNode event(String name) {
    return JSON.objectNode().put("Event", name);
  }

  public static ObjectNode logStart() {
    return event("SparkListenerLogStart").put("Spark Version", FORMAT_VERSION);
  }

  public static ObjectNode applicationStart(String appName, String appId, long time, String user, String attemptId) {
    ObjectNode e = event("SparkListenerApplicationStart").put("App Name", appName).put("App ID", appId)
        .put("Timestamp", time).put("User", user);
    if (attemptId != null) {
      e.put("App Attempt ID", attemptId);
    }
    return e;
  }

  public static ObjectNode applicationEnd(long time) {
    return event("SparkListenerApplicationEnd").put("Timestamp", time);
  }

  /** {@code sections}: "JVM Information", "Spark Properties", "Hadoop Properties", "System Properties", "Classpath Entries". */
  public static ObjectNode environmentUpdate(Map<String, Map<String, String>> sections) {
    ObjectNode e = event("SparkListenerEnvironmentUpdate");
    for (String section : List.of("JVM Information", "Spark Properties", "Hadoop Properties", "System Properties",
        "Metrics Properties", "Classpath Entries")) {
      ObjectNode values = e.putObject(section);
      sections.getOrDefault(section, Map.of()).forEach(values::put);
    }
    return e;
  }

  public static ObjectNode blockManagerAdded(long time, String executorId, String host, long maxMemory) {
    ObjectNode e = event("SparkListenerBlockManagerAdded");
    e.putObject("Block Manager ID").put("Executor ID", executorId).put("Host", host).put("Port", 0);
    return e.put("Maximum Memory", maxMemory).put("Timestamp", time).put("Maximum Onheap Memory", maxMemory)
        .put("Maximum Offheap Memory", 0);
  }

  /**
   * Spark's {@code SparkListenerBlockUpdated}: an executor's cached partition now holds these sizes
   * (both 0, every storage flag false, when it was dropped or removed).
   */
  public static ObjectNode blockUpdated(io.spindle.scheduler.BlockUpdateInfo update, String host) {
    ObjectNode e = event("SparkListenerBlockUpdated");
    ObjectNode info = e.putObject("Block Updated Info");
    info.putObject("Block Manager ID").put("Executor ID", update.executorId()).put("Host", host == null ? "" : host)
        .put("Port", 0);
    info.put("Block ID", update.blockId());
    info.set("Storage Level", storageLevel(update.level()));
    info.put("Memory Size", update.memorySize()).put("Disk Size", update.diskSize());
    return e;
  }

  /** The storage level of a Spark {@code Storage Level} object (the nearest Spindle level). */
  public static StorageLevel storageLevel(com.fasterxml.jackson.databind.JsonNode level) {
    boolean memory = level.path("Use Memory").asBoolean();
    boolean disk = level.path("Use Disk").asBoolean();
    boolean deserialized = level.path("Deserialized").asBoolean();
    for (StorageLevel l : StorageLevel.values()) {
      if (l.useMemory() == memory && l.useDisk() == disk && (!memory || l.deserialized() == deserialized)) {
        return l;
      }
    }
    return StorageLevel.NONE;
  }

  public static ObjectNode executorAdded(long time, ExecutorInfo executor, Map<String, String> logUrls) {
    ObjectNode e = event("SparkListenerExecutorAdded").put("Timestamp", time).put("Executor ID", executor.executorId());
    ObjectNode info = e.putObject("Executor Info").put("Host", executor.host()).put("Total Cores", executor.cores());
    ObjectNode urls = info.putObject("Log Urls");
    logUrls.forEach(urls::put);
    info.putObject("Attributes");
    info.putObject("Resources");
    info.put("Resource Profile Id", 0).put("Registration Time", time);
    return e;
  }

  public static ObjectNode executorRemoved(long time, String executorId, String reason) {
    return event("SparkListenerExecutorRemoved").put("Timestamp", time).put("Executor ID", executorId)
        .put("Removed Reason", reason == null ? "" : reason);
  }

  public static ObjectNode jobStart(int jobId, long time, List<ObjectNode> stageInfos, List<Integer> stageIds,
      String callSite) {
    ObjectNode e = event("SparkListenerJobStart").put("Job ID", jobId).put("Submission Time", time);
    e.putArray("Stage Infos").addAll(stageInfos);
    ArrayNode ids = e.putArray("Stage IDs");
    stageIds.forEach(ids::add);
    ObjectNode props = e.putObject("Properties");
    if (callSite != null) {
      props.put("callSite.short", callSite);
    }
    return e;
  }

  public static ObjectNode jobEnd(int jobId, long time, boolean succeeded, String failureReason) {
    ObjectNode e = event("SparkListenerJobEnd").put("Job ID", jobId).put("Completion Time", time);
    ObjectNode result = e.putObject("Job Result");
    if (succeeded) {
      result.put("Result", "JobSucceeded");
    } else {
      result.put("Result", "JobFailed");
      result.putObject("Exception").put("Message", failureReason == null ? "" : failureReason).putArray("Stack Trace");
    }
    return e;
  }

  public static ObjectNode stageSubmitted(ObjectNode stageInfo) {
    ObjectNode e = event("SparkListenerStageSubmitted");
    e.set("Stage Info", stageInfo);
    e.putObject("Properties");
    return e;
  }

  public static ObjectNode stageCompleted(ObjectNode stageInfo) {
    ObjectNode e = event("SparkListenerStageCompleted");
    e.set("Stage Info", stageInfo);
    return e;
  }

  /**
   * Spark's StageInfo. {@code details} may be null (a stage not seen at its job's start);
   * {@code submissionTime}/{@code completionTime} are left out when negative.
   */
  public static ObjectNode stageInfo(int stageId, int attempt, String name, int numTasks, StageDetails details,
      long submissionTime, long completionTime, String failureReason) {
    ObjectNode s = JSON.objectNode().put("Stage ID", stageId).put("Stage Attempt ID", attempt)
        .put("Stage Name", name).put("Number of Tasks", numTasks);
    ArrayNode rdds = s.putArray("RDD Info");
    ArrayNode parents = s.putArray("Parent IDs");
    if (details != null) {
      details.rdds().forEach(r -> rdds.add(rddInfo(r)));
      details.parentIds().forEach(parents::add);
    }
    s.put("Details", details == null ? "" : details.details());
    if (details != null) {
      s.put(SHUFFLE_MAP_FIELD, details.shuffleMap());
    }
    if (submissionTime >= 0) {
      s.put("Submission Time", submissionTime);
    }
    if (completionTime >= 0) {
      s.put("Completion Time", completionTime);
    }
    if (failureReason != null) {
      s.put("Failure Reason", failureReason);
    }
    s.putArray("Accumulables");
    s.put("Resource Profile Id", 0).put("Shuffle Push Enabled", false).put("Shuffle Push Mergers Count", 0);
    return s;
  }

  public static ObjectNode stageInfo(StageInfo stage, StageDetails details, long submissionTime, long completionTime) {
    return stageInfo(stage.stageId(), stage.attempt(), stage.name(), stage.numTasks(), details, submissionTime,
        completionTime, stage.failureReason());
  }

  static ObjectNode rddInfo(StageDetails.RddInfo rdd) {
    ObjectNode r = JSON.objectNode().put("RDD ID", rdd.id()).put("Name", rdd.name()).put("Callsite", "");
    ArrayNode parents = r.putArray("Parent IDs");
    rdd.parentIds().forEach(parents::add);
    r.set("Storage Level", storageLevel(rdd.storageLevel()));
    return r.put("Barrier", false).put("DeterministicLevel", "DETERMINATE")
        .put("Number of Partitions", rdd.numPartitions()).put("Number of Cached Partitions", 0)
        .put("Memory Size", 0).put("Disk Size", 0);
  }

  static ObjectNode storageLevel(StorageLevel level) {
    return JSON.objectNode().put("Use Disk", level.useDisk()).put("Use Memory", level.useMemory())
        .put("Use Off Heap", false).put("Deserialized", level.deserialized()).put("Replication", 1);
  }

  public static ObjectNode taskStart(TaskStartInfo task, long launchTime) {
    ObjectNode e = event("SparkListenerTaskStart").put("Stage ID", task.stageId())
        .put("Stage Attempt ID", task.stageAttempt());
    e.set("Task Info", taskInfo(task, launchTime, 0, false));
    return e;
  }

  /** Spark's TaskInfo; {@code finishTime} 0 while running. */
  static ObjectNode taskInfo(TaskStartInfo task, long launchTime, long finishTime, boolean failed) {
    ObjectNode t = JSON.objectNode().put("Task ID", task.taskId()).put("Index", task.partition())
        .put("Attempt", task.attemptNumber()).put("Partition ID", task.partition()).put("Launch Time", launchTime)
        .put("Executor ID", task.executorId()).put("Host", task.host())
        .put("Locality", task.locality() == null ? "ANY" : task.locality().name()).put("Speculative", false)
        .put("Getting Result Time", 0).put("Finish Time", finishTime).put("Failed", failed).put("Killed", false);
    t.putArray("Accumulables");
    return t;
  }

  /**
   * {@code start} is the attempt's start event (null if it was never seen: then host and stage
   * attempt are unknown and written as the executor id and 0).
   */
  public static ObjectNode taskEnd(TaskInfo task, TaskStartInfo start, boolean shuffleMap, long launchTime,
      long finishTime) {
    TaskStartInfo s = start != null ? start : new TaskStartInfo(task.taskId(), task.stageId(), 0, task.partition(),
        task.attemptNumber(), task.executorId(), task.executorId(), task.locality());
    ObjectNode e = event("SparkListenerTaskEnd").put("Stage ID", task.stageId()).put("Stage Attempt ID", s.stageAttempt())
        .put("Task Type", shuffleMap ? "ShuffleMapTask" : "ResultTask");
    e.set("Task End Reason", endReason(task.failure()));
    e.set("Task Info", taskInfo(s, launchTime, finishTime, !task.succeeded()));
    e.set("Task Metrics", metrics(task.metrics()));
    return e;
  }

  /** Success, or ExceptionFailure with the failure's class and message (its first line is "class: message"). */
  static ObjectNode endReason(String failure) {
    ObjectNode r = JSON.objectNode();
    if (failure == null) {
      return r.put("Reason", "Success");
    }
    String firstLine = failure.lines().findFirst().orElse("");
    int colon = firstLine.indexOf(": ");
    String className = colon > 0 && !firstLine.substring(0, colon).contains(" ") ? firstLine.substring(0, colon) : "";
    String description = className.isEmpty() ? failure : failure.substring(colon + 2);
    r.put("Reason", "ExceptionFailure").put("Class Name", className).put("Description", description);
    r.putArray("Stack Trace");
    r.put("Full Stack Trace", failure);
    r.putArray("Accumulator Updates");
    return r;
  }

  static ObjectNode metrics(TaskMetrics m) {
    TaskMetrics t = m == null ? new TaskMetrics() : m;
    ObjectNode j = JSON.objectNode().put("Executor Deserialize Time", 0).put("Executor Deserialize CPU Time", 0)
        .put("Executor Run Time", t.executorRunTime()).put("Executor CPU Time", 0)
        .put("Peak Execution Memory", t.peakExecutionMemory()).put("Result Size", 0)
        .put("JVM GC Time", t.jvmGcTime()).put("Result Serialization Time", 0)
        .put("Memory Bytes Spilled", t.memoryBytesSpilled()).put("Disk Bytes Spilled", t.diskBytesSpilled());
    // Shuffle blocks come from the shuffle service or the local dirs; Spindle counts them as remote reads.
    j.putObject("Shuffle Read Metrics").put("Remote Blocks Fetched", 0).put("Local Blocks Fetched", 0)
        .put("Fetch Wait Time", t.shuffleFetchWaitTime()).put("Remote Bytes Read", t.shuffleReadBytes())
        .put("Remote Bytes Read To Disk", 0).put("Local Bytes Read", 0)
        .put("Total Records Read", t.shuffleReadRecords());
    j.putObject("Shuffle Write Metrics").put("Shuffle Bytes Written", t.shuffleWriteBytes())
        .put("Shuffle Write Time", 0).put("Shuffle Records Written", t.shuffleWriteRecords());
    j.putObject("Input Metrics").put("Bytes Read", t.inputBytes()).put("Records Read", t.inputRecords());
    j.putObject("Output Metrics").put("Bytes Written", t.outputBytes()).put("Records Written", t.outputRecords());
    j.putArray("Updated Blocks");
    return j;
  }
}
