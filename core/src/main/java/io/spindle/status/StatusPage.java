package io.spindle.status;

import java.util.List;

/**
 * The one HTML page at /: the application, then tables of jobs, stages and executors; it reloads
 * itself every few seconds (a meta refresh, no script). Links are relative so the page also
 * works behind YARN's web proxy, which serves it under /proxy/&lt;appId&gt;/.
 */
final class StatusPage {
  static final int REFRESH_SECONDS = 5;

  private StatusPage() {}

  /** The applications of a history server, newest first, each linking to its page. */
  static String applicationList(List<ApplicationInfo> apps) {
    StringBuilder h = new StringBuilder(4096);
    h.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><link rel=\"icon\" href=\"data:,\"><title>Spindle History Server</title>")
        .append(STYLE).append("</head><body>\n<h1>Spindle History Server</h1>\n");
    h.append("<h2>Applications (").append(apps.size()).append(")</h2><table id=\"applications\"><tr><th>App ID</th>")
        .append("<th>App Name</th><th>Started</th><th>Completed</th><th>Duration</th><th>User</th><th>Attempt ID</th></tr>\n");
    for (ApplicationInfo a : apps) {
      h.append("<tr><td><a href=\"history/").append(esc(a.id())).append("/\">").append(esc(a.id()))
          .append("</a></td><td>").append(esc(a.name())).append("</td><td>").append(StatusJson.date(a.startTime()))
          .append("</td><td>").append(a.completed() ? StatusJson.date(a.endTime()) : "incomplete (running)")
          .append("</td><td>").append(a.completed() ? duration(a.endTime() - a.startTime()) : "")
          .append("</td><td>").append(esc(a.user())).append("</td><td>")
          .append(a.attemptId() == null ? "" : esc(a.attemptId())).append("</td></tr>\n");
    }
    return h.append("</table>\n</body></html>\n").toString();
  }

  private static final String STYLE = "<style>body{font-family:sans-serif;margin:1.5em}"
      + "table{border-collapse:collapse;margin-bottom:2em}"
      + "th,td{border:1px solid #ccc;padding:3px 8px;text-align:left;font-size:90%}th{background:#eee}"
      + ".FAILED{color:#b00}.SUCCEEDED,.COMPLETE,.SUCCESS{color:#070}</style>";

  /** @param root the relative path from this page to the server's root ("" or "../../"), for the API links */
  static String render(AppStatusListener status, String root) {
    ApplicationInfo app = status.application();
    StringBuilder h = new StringBuilder(8192);
    h.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><link rel=\"icon\" href=\"data:,\">");
    if (!app.completed()) {
      h.append("<meta http-equiv=\"refresh\" content=\"").append(REFRESH_SECONDS).append("\">");
    }
    h.append("<title>").append(esc(app.name())).append(" - Spindle</title><style>")
        .append("body{font-family:sans-serif;margin:1.5em}table{border-collapse:collapse;margin-bottom:2em}")
        .append("th,td{border:1px solid #ccc;padding:3px 8px;text-align:left;font-size:90%}th{background:#eee}")
        .append(".FAILED{color:#b00}.SUCCEEDED,.COMPLETE{color:#070}</style></head><body>\n");
    h.append("<h1>").append(esc(app.name())).append("</h1><p>Application <code>").append(esc(app.id()))
        .append("</code>, user ").append(esc(app.user())).append(", started ")
        .append(StatusJson.date(app.startTime())).append(app.completed() ? ", completed" : ", running")
        .append(". JSON: ");
    String api = root + "api/v1/applications/" + esc(app.id());
    for (String what : List.of("jobs", "stages", "executors", "storage/rdd", "environment")) {
      h.append("<a href=\"").append(api).append('/').append(what).append("\">").append(what).append("</a> ");
    }
    h.append("</p>\n");

    List<JobData> jobs = status.jobs();
    h.append("<h2>Jobs (").append(jobs.size()).append(")</h2><table><tr><th>Job Id</th><th>Description</th>")
        .append("<th>Submitted</th><th>Duration</th><th>Status</th><th>Stages</th><th>Tasks: done/total</th>")
        .append("<th>Failed tasks</th><th>Failure reason</th></tr>\n");
    for (JobData j : jobs) {
      long end = j.completionTime() >= 0 ? j.completionTime() : System.currentTimeMillis();
      h.append("<tr><td><a href=\"jobs/job/?id=").append(j.jobId()).append("\">").append(j.jobId())
          .append("</a></td><td>").append(esc(j.name())).append("</td><td>")
          .append(StatusJson.date(j.submissionTime())).append("</td><td>").append(duration(end - j.submissionTime()))
          .append("</td><td class=\"").append(j.status()).append("\">").append(j.status()).append("</td><td>")
          .append(j.numCompletedStages()).append('/').append(j.stageIds().size() - j.numSkippedStages())
          .append(j.numSkippedStages() > 0 ? " (" + j.numSkippedStages() + " skipped)" : "").append("</td><td>")
          .append(j.numCompletedTasks()).append('/').append(j.numTasks())
          .append(j.numActiveTasks() > 0 ? " (" + j.numActiveTasks() + " running)" : "").append("</td><td>")
          .append(j.numFailedTasks()).append("</td><td>").append(esc(j.failureReason() == null ? "" : j.failureReason()))
          .append("</td></tr>\n");
    }
    h.append("</table>\n");

    List<StageData> stages = status.stages();
    h.append("<h2>Stages (").append(stages.size()).append(")</h2><table><tr><th>Stage Id</th><th>Attempt</th>")
        .append("<th>Description</th><th>Status</th><th>Tasks: done/total</th><th>Running</th><th>Failed</th>")
        .append("<th>Input</th><th>Shuffle read</th><th>Shuffle write</th><th>Spilled (disk)</th>")
        .append("<th>Locality</th></tr>\n");
    for (StageData s : stages) {
      h.append("<tr><td><a href=\"stages/stage/?id=").append(s.stageId()).append("&amp;attempt=")
          .append(s.attemptId()).append("\">").append(s.stageId()).append("</a></td><td>")
          .append(s.attemptId()).append("</td><td>").append(esc(s.name())).append("<br><small>").append(esc(s.details())).append("</small></td><td class=\"")
          .append(s.status()).append("\">").append(s.status())
          .append("</td><td>").append(s.numCompletedIndices()).append('/').append(s.numTasks()).append("</td><td>")
          .append(s.numActiveTasks()).append("</td><td>").append(s.numFailedTasks()).append("</td><td>")
          .append(bytes(s.io().inputBytes())).append(" / ").append(s.io().inputRecords()).append("</td><td>")
          .append(bytes(s.io().shuffleReadBytes())).append(" / ").append(s.io().shuffleReadRecords())
          .append("</td><td>").append(bytes(s.io().shuffleWriteBytes())).append(" / ")
          .append(s.io().shuffleWriteRecords()).append("</td><td>").append(bytes(s.io().diskBytesSpilled()))
          .append("</td><td>").append(esc(s.locality().toString())).append("</td></tr>\n");
    }
    h.append("</table>\n");

    List<RddStorage> rdds = status.rddStorage();
    h.append("<h2>Storage (").append(rdds.size()).append(")</h2><table id=\"storage\"><tr><th>RDD</th>")
        .append("<th>Storage level</th><th>Cached partitions</th><th>Fraction cached</th><th>Size in memory</th>")
        .append("<th>Size on disk</th></tr>\n");
    for (RddStorage r : rdds) {
      h.append("<tr><td>").append(esc(r.name())).append("</td><td>").append(esc(r.storageLevel())).append("</td><td>")
          .append(r.numCachedPartitions()).append('/').append(r.numPartitions()).append("</td><td>")
          .append(r.numPartitions() == 0 ? 0 : 100 * r.numCachedPartitions() / r.numPartitions()).append("%</td><td>")
          .append(bytes(r.memoryUsed())).append("</td><td>").append(bytes(r.diskUsed())).append("</td></tr>\n");
    }
    h.append("</table>\n");

    List<ExecutorSummary> executors = status.executors(true);
    h.append("<h2>Executors (").append(executors.size()).append(")</h2><table><tr><th>Id</th><th>Host</th>")
        .append("<th>Status</th><th>Cores</th><th>Active tasks</th><th>Completed tasks</th><th>Failed tasks</th>")
        .append("<th>Task time (GC time)</th><th>Storage memory</th><th>Disk used</th><th>Input</th>")
        .append("<th>Shuffle read</th><th>Shuffle write</th><th>Logs</th></tr>\n");
    for (ExecutorSummary e : executors) {
      h.append("<tr><td>").append(esc(e.id())).append("</td><td>").append(esc(e.hostPort())).append("</td><td>")
          .append(e.isActive() ? "Active" : "Dead: " + esc(String.valueOf(e.removeReason()))).append("</td><td>")
          .append(e.totalCores()).append("</td><td>").append(e.activeTasks()).append("</td><td>")
          .append(e.completedTasks()).append("</td><td>").append(e.failedTasks()).append("</td><td>")
          .append(duration(e.totalDuration())).append(" (").append(duration(e.io().jvmGcTime())).append(")</td><td>")
          .append(bytes(e.memoryUsed())).append(" / ").append(bytes(e.maxMemory())).append("</td><td>")
          .append(bytes(e.diskUsed())).append("</td><td>").append(bytes(e.io().inputBytes()))
          .append("</td><td>").append(bytes(e.io().shuffleReadBytes())).append("</td><td>")
          .append(bytes(e.io().shuffleWriteBytes())).append("</td><td>");
      // Absolute links to the NodeManager's web UI (YARN): the container's stdout and stderr.
      e.logUrls().forEach((name, url) -> h.append("<a href=\"").append(esc(url)).append("\">").append(esc(name))
          .append("</a> "));
      h.append("</td></tr>\n");
    }
    return h.append("</table>\n</body></html>\n").toString();
  }

  /** One job: its stages (linking to their pages). */
  static String jobPage(AppStatusListener status, int jobId, String root) {
    JobData job = status.jobs().stream().filter(j -> j.jobId() == jobId).findFirst().orElse(null);
    if (job == null) {
      return null;
    }
    StringBuilder h = head("Job " + jobId);
    h.append("<h1>Job ").append(jobId).append(": ").append(esc(job.name())).append("</h1><p>Status <span class=\"")
        .append(job.status()).append("\">").append(job.status()).append("</span>, submitted ")
        .append(StatusJson.date(job.submissionTime())).append(", tasks ").append(job.numCompletedTasks()).append('/')
        .append(job.numTasks()).append(job.failureReason() == null ? "" : ", failed: " + esc(job.failureReason()))
        .append(". <a href=\"").append(root).append("\">Back to the application</a></p>\n");
    h.append("<h2>Stages</h2><table id=\"stages\"><tr><th>Stage Id</th><th>Attempt</th><th>Description</th>")
        .append("<th>Status</th><th>Tasks: done/total</th><th>Failure reason</th></tr>\n");
    for (StageData s : status.stages()) {
      if (s.jobIds().contains(jobId)) {
        h.append("<tr><td><a href=\"").append(root).append("stages/stage/?id=").append(s.stageId()).append("&amp;attempt=")
            .append(s.attemptId()).append("\">").append(s.stageId()).append("</a></td><td>").append(s.attemptId())
            .append("</td><td>").append(esc(s.name())).append("</td><td class=\"").append(s.status()).append("\">")
            .append(s.status()).append("</td><td>").append(s.numCompletedIndices()).append('/').append(s.numTasks())
            .append("</td><td>").append(esc(s.failureReason() == null ? "" : s.failureReason())).append("</td></tr>\n");
      }
    }
    return h.append("</table>\n</body></html>\n").toString();
  }

  private static final double[] SUMMARY_QUANTILES = {0, 0.25, 0.5, 0.75, 1.0};

  /** One stage attempt: summary quantiles over its successful tasks (as Spark's stage page) and the task table. */
  static String stagePage(AppStatusListener status, int stageId, int attempt, String root) {
    StageData stage = status.stage(stageId, attempt);
    List<TaskData> tasks = status.tasks(stageId, attempt);
    if (stage == null || tasks == null) {
      return null;
    }
    StringBuilder h = head("Stage " + stageId);
    h.append("<h1>Stage ").append(stageId).append(" (attempt ").append(attempt).append("): ").append(esc(stage.name()))
        .append("</h1><p>Status <span class=\"").append(stage.status()).append("\">").append(stage.status())
        .append("</span>").append(stage.failureReason() == null ? "" : ": " + esc(stage.failureReason()))
        .append(". <small>").append(esc(stage.details())).append("</small> <a href=\"").append(root)
        .append("\">Back to the application</a></p>\n");
    List<TaskData> ok = tasks.stream().filter(t -> "SUCCESS".equals(t.status()) && t.metrics() != null).toList();
    h.append("<h2>Summary of ").append(ok.size()).append(" completed tasks</h2><table id=\"summary\"><tr><th>Metric</th>")
        .append("<th>Min</th><th>25th percentile</th><th>Median</th><th>75th percentile</th><th>Max</th></tr>\n");
    summaryRow(h, "Duration", ok, TaskData::duration, false);
    summaryRow(h, "GC Time", ok, t -> t.metrics().jvmGcTime(), false);
    summaryRow(h, "Input", ok, t -> t.metrics().inputBytes(), true);
    summaryRow(h, "Shuffle Read", ok, t -> t.metrics().shuffleReadBytes(), true);
    summaryRow(h, "Shuffle Read Records", ok, t -> t.metrics().shuffleReadRecords(), null);
    summaryRow(h, "Shuffle Write", ok, t -> t.metrics().shuffleWriteBytes(), true);
    summaryRow(h, "Shuffle Write Records", ok, t -> t.metrics().shuffleWriteRecords(), null);
    summaryRow(h, "Spill (Memory)", ok, t -> t.metrics().memoryBytesSpilled(), true);
    summaryRow(h, "Spill (Disk)", ok, t -> t.metrics().diskBytesSpilled(), true);
    h.append("</table>\n<h2>Tasks (").append(tasks.size()).append(")</h2><table id=\"tasks\"><tr><th>Index</th>")
        .append("<th>Task ID</th><th>Attempt</th><th>Status</th><th>Locality</th><th>Executor</th><th>Host</th>")
        .append("<th>Launch Time</th><th>Duration</th><th>GC Time</th><th>Input</th><th>Shuffle Read</th>")
        .append("<th>Shuffle Write</th><th>Spill (Memory)</th><th>Spill (Disk)</th><th>Errors</th></tr>\n");
    for (TaskData t : tasks) {
      io.spindle.function.TaskMetrics m = t.metrics();
      h.append("<tr><td>").append(t.index()).append("</td><td>").append(t.taskId()).append("</td><td>")
          .append(t.attempt()).append("</td><td class=\"").append(t.status()).append("\">").append(t.status())
          .append("</td><td>").append(esc(t.taskLocality())).append("</td><td>").append(esc(t.executorId()))
          .append("</td><td>").append(esc(t.host())).append("</td><td>").append(StatusJson.date(t.launchTime()))
          .append("</td><td>").append(t.duration() < 0 ? "" : duration(t.duration())).append("</td><td>")
          .append(m == null ? "" : duration(m.jvmGcTime())).append("</td><td>")
          .append(m == null ? "" : bytes(m.inputBytes()) + " / " + m.inputRecords()).append("</td><td>")
          .append(m == null ? "" : bytes(m.shuffleReadBytes()) + " / " + m.shuffleReadRecords()).append("</td><td>")
          .append(m == null ? "" : bytes(m.shuffleWriteBytes()) + " / " + m.shuffleWriteRecords()).append("</td><td>")
          .append(m == null ? "" : bytes(m.memoryBytesSpilled())).append("</td><td>")
          .append(m == null ? "" : bytes(m.diskBytesSpilled())).append("</td><td>")
          .append(esc(t.errorMessage() == null ? "" : t.errorMessage())).append("</td></tr>\n");
    }
    return h.append("</table>\n</body></html>\n").toString();
  }

  /** {@code asBytes}: true bytes, false milliseconds, null a plain count. */
  private static void summaryRow(StringBuilder h, String metric, List<TaskData> tasks,
      java.util.function.ToLongFunction<TaskData> value, Boolean asBytes) {
    com.fasterxml.jackson.databind.node.ArrayNode q = StatusJson.quantiles(tasks, value, SUMMARY_QUANTILES);
    h.append("<tr><td>").append(metric).append("</td>");
    for (com.fasterxml.jackson.databind.JsonNode v : q) {
      long n = v.asLong();
      h.append("<td>").append(asBytes == null ? String.valueOf(n) : asBytes ? bytes(n) : duration(n)).append("</td>");
    }
    h.append("</tr>\n");
  }

  private static StringBuilder head(String title) {
    return new StringBuilder(8192).append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">")
        .append("<link rel=\"icon\" href=\"data:,\"><title>").append(esc(title)).append(" - Spindle</title>")
        .append(STYLE).append("</head><body>\n");
  }

  /** HTML-escapes text for element content and quoted attribute values. */
  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  static String duration(long ms) {
    if (ms < 1000) {
      return ms + " ms";
    }
    if (ms < 60_000) {
      return String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }
    return String.format(java.util.Locale.ROOT, "%.1f min", ms / 60_000.0);
  }

  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String units = "KMGTPE";
    int u = -1;
    double v = n;
    while (v >= 1024 && u < units.length() - 1) {
      v /= 1024;
      u++;
    }
    return String.format(java.util.Locale.ROOT, "%.1f %siB", v, units.charAt(u));
  }
}
