package io.spindle.status;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * The REST API's JSON, with Spark's field names and date format ("2026-11-25T18:24:41.123GMT");
 * times not reached yet are left out, as Spark leaves out absent values.
 */
public final class StatusJson {
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'GMT'").withZone(ZoneOffset.UTC);

  private StatusJson() {}

  public static String date(long epochMillis) {
    return DATE.format(Instant.ofEpochMilli(epochMillis));
  }

  public static String applications(List<ApplicationInfo> apps) {
    JsonWriter w = new JsonWriter().beginArray();
    apps.forEach(a -> application(w, a));
    return w.endArray().toString();
  }

  public static String application(ApplicationInfo a) {
    return application(new JsonWriter(), a).toString();
  }

  private static JsonWriter application(JsonWriter w, ApplicationInfo a) {
    w.beginObject().field("id", a.id()).field("name", a.name()).name("attempts").beginArray().beginObject();
    long end = a.endTime();
    long now = a.completed() ? end : System.currentTimeMillis();
    w.field("startTime", date(a.startTime())).field("endTime", date(end)).field("lastUpdated", date(now))
        .field("duration", a.completed() ? end - a.startTime() : 0).field("sparkUser", a.user())
        .field("completed", a.completed()).field("startTimeEpoch", a.startTime()).field("endTimeEpoch", end)
        .field("lastUpdatedEpoch", now);
    return w.endObject().endArray().endObject();
  }

  public static String jobs(List<JobData> jobs) {
    JsonWriter w = new JsonWriter().beginArray();
    jobs.forEach(j -> job(w, j));
    return w.endArray().toString();
  }

  public static String job(JobData j) {
    return job(new JsonWriter(), j).toString();
  }

  private static JsonWriter job(JsonWriter w, JobData j) {
    w.beginObject().field("jobId", j.jobId()).field("name", j.name())
        .field("submissionTime", date(j.submissionTime()));
    time(w, "completionTime", j.completionTime());
    w.name("stageIds").beginArray();
    j.stageIds().forEach(id -> w.value(id));
    w.endArray().field("status", j.status()).field("numTasks", j.numTasks())
        .field("numActiveTasks", j.numActiveTasks()).field("numCompletedTasks", j.numCompletedTasks())
        .field("numSkippedTasks", 0).field("numFailedTasks", j.numFailedTasks()).field("numKilledTasks", 0)
        .field("numActiveStages", j.numActiveStages()).field("numCompletedStages", j.numCompletedStages())
        .field("numSkippedStages", j.numSkippedStages()).field("numFailedStages", j.numFailedStages())
        .optionalField("failureReason", j.failureReason());
    return w.endObject();
  }

  public static String stages(List<StageData> stages) {
    JsonWriter w = new JsonWriter().beginArray();
    stages.forEach(s -> stage(w, s));
    return w.endArray().toString();
  }

  private static void stage(JsonWriter w, StageData s) {
    w.beginObject().field("status", s.status()).field("stageId", s.stageId()).field("attemptId", s.attemptId())
        .field("numTasks", s.numTasks()).field("numActiveTasks", s.numActiveTasks())
        .field("numCompleteTasks", s.numCompleteTasks()).field("numFailedTasks", s.numFailedTasks())
        .field("numKilledTasks", 0).field("numCompletedIndices", s.numCompletedIndices())
        .field("submissionTime", date(s.submissionTime()));
    time(w, "firstTaskLaunchedTime", s.firstTaskLaunchedTime());
    time(w, "completionTime", s.completionTime());
    w.optionalField("failureReason", s.failureReason());
    io(w, s.io(), false);
    w.field("name", s.name()).field("details", s.details()).name("jobIds").beginArray();
    s.jobIds().forEach(id -> w.value(id));
    w.endArray().name("locality").beginObject();
    for (Map.Entry<String, Long> e : s.locality().entrySet()) {
      w.field(e.getKey(), e.getValue());
    }
    w.endObject().endObject();
  }

  public static String executors(List<ExecutorSummary> executors) {
    JsonWriter w = new JsonWriter().beginArray();
    for (ExecutorSummary e : executors) {
      w.beginObject().field("id", e.id()).field("hostPort", e.hostPort()).field("isActive", e.isActive())
          .field("totalCores", e.totalCores()).field("maxTasks", e.totalCores())
          .field("activeTasks", e.activeTasks()).field("failedTasks", e.failedTasks())
          .field("completedTasks", e.completedTasks()).field("totalTasks", e.totalTasks())
          .field("totalDuration", e.totalDuration());
      io(w, e.io(), true);
      w.field("addTime", date(e.addTime()));
      time(w, "removeTime", e.removeTime());
      w.optionalField("removeReason", e.removeReason()).endObject();
    }
    return w.endArray().toString();
  }

  /** Spark names the executor totals differently from the stage sums. */
  private static void io(JsonWriter w, IoTotals io, boolean executorTotals) {
    if (executorTotals) {
      w.field("totalInputBytes", io.inputBytes()).field("totalShuffleRead", io.shuffleReadBytes())
          .field("totalShuffleWrite", io.shuffleWriteBytes());
      return;
    }
    w.field("inputBytes", io.inputBytes()).field("inputRecords", io.inputRecords())
        .field("outputBytes", io.outputBytes()).field("outputRecords", io.outputRecords())
        .field("shuffleReadBytes", io.shuffleReadBytes()).field("shuffleReadRecords", io.shuffleReadRecords())
        .field("shuffleWriteBytes", io.shuffleWriteBytes()).field("shuffleWriteRecords", io.shuffleWriteRecords())
        .field("memoryBytesSpilled", io.memoryBytesSpilled()).field("diskBytesSpilled", io.diskBytesSpilled())
        .field("peakExecutionMemory", io.peakExecutionMemory());
  }

  private static void time(JsonWriter w, String name, long epochMillis) {
    if (epochMillis >= 0) {
      w.field(name, date(epochMillis));
    }
  }
}
