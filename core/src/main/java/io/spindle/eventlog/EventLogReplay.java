package io.spindle.eventlog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spindle.function.SpindleListener.ExecutorInfo;
import io.spindle.function.SpindleListener.StageInfo;
import io.spindle.function.SpindleListener.TaskInfo;
import io.spindle.function.SpindleListener.TaskStartInfo;
import io.spindle.function.StorageLevel;
import io.spindle.function.TaskLocality;
import io.spindle.function.TaskMetrics;
import io.spindle.scheduler.EngineListener;
import io.spindle.scheduler.StageDetails;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads an event log back into listener calls (Spark's ReplayListenerBus), each preceded by
 * {@link EngineListener#onEventTime} with the event's own timestamp, so a status store fed from
 * a log ends up as the live one was. Unknown events are skipped; a truncated last line (a
 * running application's log, cut mid-write) ends the replay quietly.
 */
public final class EventLogReplay {
  private static final Logger LOG = LoggerFactory.getLogger(EventLogReplay.class);
  private final ObjectMapper mapper = new ObjectMapper();
  private final EngineListener listener;
  /** Stage id → whether it writes shuffle output, from the job starts. */
  private final Map<Integer, Boolean> shuffleMap = new HashMap<>();

  private EventLogReplay(EngineListener listener) {
    this.listener = listener;
  }

  /** Replays every complete line of {@code log} (uncompressed) into {@code listener}; returns the events read. */
  public static int replay(InputStream log, EngineListener listener) throws IOException {
    EventLogReplay replay = new EventLogReplay(listener);
    BufferedReader reader = new BufferedReader(new InputStreamReader(log, StandardCharsets.UTF_8));
    int events = 0;
    String line;
    while ((line = reader.readLine()) != null) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode event;
      try {
        event = replay.mapper.readTree(line);
      } catch (IOException e) {
        LOG.debug("Stopping at an incomplete event-log line: {}", e.getMessage());
        break;
      }
      replay.dispatch(event);
      events++;
    }
    return events;
  }

  private void dispatch(JsonNode e) {
    switch (e.path("Event").asText()) {
      case "SparkListenerApplicationStart" -> {
        time(e, "Timestamp");
        listener.onApplicationStart(e.path("App Name").asText(), e.path("App ID").asText(),
            e.hasNonNull("App Attempt ID") ? e.get("App Attempt ID").asText() : null, e.path("User").asText());
      }
      case "SparkListenerEnvironmentUpdate" -> {
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = e.fields();
        while (fields.hasNext()) {
          Map.Entry<String, JsonNode> f = fields.next();
          if (f.getValue().isObject()) {
            Map<String, String> values = new LinkedHashMap<>();
            f.getValue().fields().forEachRemaining(kv -> values.put(kv.getKey(), kv.getValue().asText()));
            sections.put(f.getKey(), values);
          }
        }
        listener.onEnvironmentUpdate(sections);
      }
      case "SparkListenerBlockManagerAdded" -> {
        time(e, "Timestamp");
        JsonNode id = e.path("Block Manager ID");
        listener.onBlockManagerAdded(id.path("Executor ID").asText(), id.path("Host").asText(),
            e.path("Maximum Memory").asLong());
      }
      case "SparkListenerBlockUpdated" -> {
        JsonNode info = e.path("Block Updated Info");
        listener.onBlockUpdated(new io.spindle.scheduler.BlockUpdateInfo(
            info.path("Block Manager ID").path("Executor ID").asText(), info.path("Block ID").asText(),
            SparkEventJson.storageLevel(info.path("Storage Level")), info.path("Memory Size").asLong(),
            info.path("Disk Size").asLong()));
      }
      case "SparkListenerExecutorAdded" -> {
        time(e, "Timestamp");
        JsonNode info = e.path("Executor Info");
        Map<String, String> logUrls = new LinkedHashMap<>();
        info.path("Log Urls").fields().forEachRemaining(kv -> logUrls.put(kv.getKey(), kv.getValue().asText()));
        listener.onExecutorAdded(new ExecutorInfo(e.path("Executor ID").asText(), info.path("Host").asText(),
            info.path("Total Cores").asInt()), logUrls);
      }
      case "SparkListenerExecutorRemoved" -> {
        time(e, "Timestamp");
        listener.onExecutorRemoved(e.path("Executor ID").asText(), e.path("Removed Reason").asText());
      }
      case "SparkListenerJobStart" -> jobStart(e);
      case "SparkListenerStageSubmitted" -> {
        JsonNode s = e.path("Stage Info");
        time(s, "Submission Time");
        listener.onStageSubmitted(stageInfo(s));
      }
      case "SparkListenerTaskStart" -> {
        JsonNode t = e.path("Task Info");
        time(t, "Launch Time");
        listener.onTaskStart(new TaskStartInfo(t.path("Task ID").asLong(), e.path("Stage ID").asInt(),
            e.path("Stage Attempt ID").asInt(), t.path("Index").asInt(), t.path("Attempt").asInt(),
            t.path("Executor ID").asText(), t.path("Host").asText(), locality(t)));
      }
      case "SparkListenerTaskEnd" -> taskEnd(e);
      case "SparkListenerStageCompleted" -> {
        JsonNode s = e.path("Stage Info");
        time(s, "Completion Time");
        listener.onStageCompleted(stageInfo(s));
      }
      case "SparkListenerJobEnd" -> {
        time(e, "Completion Time");
        JsonNode result = e.path("Job Result");
        boolean ok = "JobSucceeded".equals(result.path("Result").asText());
        listener.onJobEnd(e.path("Job ID").asInt(), ok, ok ? null : result.path("Exception").path("Message").asText());
      }
      case "SparkListenerApplicationEnd" -> {
        time(e, "Timestamp");
        listener.onApplicationEnd();
      }
      default -> { } // SparkListenerLogStart and events Spindle does not use
    }
  }

  private void time(JsonNode holder, String field) {
    if (holder.hasNonNull(field)) {
      listener.onEventTime(holder.get(field).asLong());
    }
  }

  private void jobStart(JsonNode e) {
    time(e, "Submission Time");
    int jobId = e.path("Job ID").asInt();
    List<StageDetails> details = new ArrayList<>();
    for (JsonNode s : e.path("Stage Infos")) {
      boolean isMap = s.path(SparkEventJson.SHUFFLE_MAP_FIELD).asBoolean(false);
      shuffleMap.put(s.path("Stage ID").asInt(), isMap);
      List<Integer> parents = new ArrayList<>();
      s.path("Parent IDs").forEach(p -> parents.add(p.asInt()));
      List<StageDetails.RddInfo> rdds = new ArrayList<>();
      for (JsonNode r : s.path("RDD Info")) {
        List<Integer> rddParents = new ArrayList<>();
        r.path("Parent IDs").forEach(p -> rddParents.add(p.asInt()));
        rdds.add(new StageDetails.RddInfo(r.path("RDD ID").asInt(), r.path("Name").asText(),
            r.path("Number of Partitions").asInt(), level(r.path("Storage Level")), rddParents));
      }
      details.add(new StageDetails(s.path("Stage ID").asInt(), s.path("Stage Name").asText(),
          s.path("Number of Tasks").asInt(), isMap, parents, rdds, s.path("Details").asText()));
    }
    listener.onJobStages(jobId, details);
    List<Integer> stageIds = new ArrayList<>();
    e.path("Stage IDs").forEach(id -> stageIds.add(id.asInt()));
    JsonNode callSite = e.path("Properties").get("callSite.short");
    listener.onJobStart(jobId, stageIds, callSite == null ? null : callSite.asText());
  }

  private StageInfo stageInfo(JsonNode s) {
    int id = s.path("Stage ID").asInt();
    boolean isMap = s.has(SparkEventJson.SHUFFLE_MAP_FIELD) ? s.get(SparkEventJson.SHUFFLE_MAP_FIELD).asBoolean()
        : shuffleMap.getOrDefault(id, false);
    return new StageInfo(id, s.path("Stage Attempt ID").asInt(), s.path("Stage Name").asText(),
        s.path("Number of Tasks").asInt(), isMap, s.hasNonNull("Failure Reason") ? s.get("Failure Reason").asText() : null);
  }

  private void taskEnd(JsonNode e) {
    JsonNode t = e.path("Task Info");
    time(t, "Finish Time");
    JsonNode reason = e.path("Task End Reason");
    String failure = null;
    if (!"Success".equals(reason.path("Reason").asText("Success"))) {
      failure = reason.hasNonNull("Full Stack Trace") ? reason.get("Full Stack Trace").asText()
          : reason.path("Class Name").asText() + ": " + reason.path("Description").asText();
    }
    listener.onTaskEnd(new TaskInfo(t.path("Task ID").asLong(), e.path("Stage ID").asInt(), t.path("Index").asInt(),
        t.path("Attempt").asInt(), t.path("Executor ID").asText(), failure, locality(t), metrics(e.path("Task Metrics"))));
  }

  private static TaskLocality locality(JsonNode taskInfo) {
    try {
      return TaskLocality.valueOf(taskInfo.path("Locality").asText("ANY"));
    } catch (IllegalArgumentException unknown) {
      return TaskLocality.ANY;
    }
  }

  private static StorageLevel level(JsonNode l) {
    boolean memory = l.path("Use Memory").asBoolean();
    boolean disk = l.path("Use Disk").asBoolean();
    boolean deserialized = l.path("Deserialized").asBoolean();
    for (StorageLevel level : StorageLevel.values()) {
      if (level.useMemory() == memory && level.useDisk() == disk && (level.deserialized() == deserialized || !memory)) {
        return level;
      }
    }
    return StorageLevel.NONE;
  }

  static TaskMetrics metrics(JsonNode m) {
    if (m == null || m.isMissingNode() || m.isNull()) {
      return null;
    }
    TaskMetrics t = new TaskMetrics();
    t.incInput(m.path("Input Metrics").path("Records Read").asLong(), m.path("Input Metrics").path("Bytes Read").asLong());
    t.incOutput(m.path("Output Metrics").path("Records Written").asLong(),
        m.path("Output Metrics").path("Bytes Written").asLong());
    JsonNode read = m.path("Shuffle Read Metrics");
    t.incShuffleRead(read.path("Total Records Read").asLong(),
        read.path("Remote Bytes Read").asLong() + read.path("Local Bytes Read").asLong());
    t.incShuffleFetchWaitTime(read.path("Fetch Wait Time").asLong());
    JsonNode write = m.path("Shuffle Write Metrics");
    t.incShuffleWrite(write.path("Shuffle Records Written").asLong(), write.path("Shuffle Bytes Written").asLong());
    long memSpill = m.path("Memory Bytes Spilled").asLong();
    long diskSpill = m.path("Disk Bytes Spilled").asLong();
    if (memSpill > 0 || diskSpill > 0) {
      t.incSpill(memSpill, diskSpill);
    }
    t.updatePeakExecutionMemory(m.path("Peak Execution Memory").asLong());
    t.setRunTimes(m.path("Executor Run Time").asLong(), m.path("JVM GC Time").asLong());
    return t;
  }
}
