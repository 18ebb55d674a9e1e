package io.spindle.eventlog;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spindle.config.InvalidConfigException;
import io.spindle.config.Settings;
import io.spindle.config.SpindleConfigs;
import io.spindle.function.SpindleListener.ExecutorInfo;
import io.spindle.function.SpindleListener.StageInfo;
import io.spindle.function.SpindleListener.TaskInfo;
import io.spindle.function.SpindleListener.TaskStartInfo;
import io.spindle.scheduler.EngineListener;
import io.spindle.scheduler.StageDetails;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xerial.snappy.SnappyOutputStream;

/**
 * Writes an application's events, one JSON object per line in Spark's event-log format
 * ({@link SparkEventJson}), to {@code spindle.eventLog.dir} on any Hadoop filesystem (Spark's
 * EventLoggingListener). The file is {@code <appId>[_<attempt>][.snappy].inprogress} while the
 * application runs and loses {@code .inprogress} when it ends, so a history server tells running
 * applications from finished ones. Lines are flushed to the filesystem (hflush) at job and stage
 * boundaries, so a running application's log is readable up to its last finished stage. It runs
 * on its own listener-bus queue; a write error is logged once and ends the log, never the
 * application.
 */
public final class EventLogWriter implements EngineListener {
  private static final Logger LOG = LoggerFactory.getLogger(EventLogWriter.class);

  private final ObjectMapper mapper = new ObjectMapper();
  private final FileSystem fs;
  private final Path inProgress;
  private final Path finalPath;
  private final FSDataOutputStream raw;
  private Writer out;
  private long eventTime;
  /** taskId → its start event and launch time. */
  private final Map<Long, TaskStartInfo> taskStarts = new HashMap<>();
  private final Map<Long, Long> launchTimes = new HashMap<>();
  private final Map<Integer, StageDetails> stages = new HashMap<>();
  /** Executors' hosts, for the block manager id of their block updates. */
  private final Map<String, String> executorHosts = new HashMap<>();
  /** stageId << 16 | attempt → submission time. */
  private final Map<Long, Long> stageSubmitted = new HashMap<>();

  private EventLogWriter(FileSystem fs, Path inProgress, Path finalPath, FSDataOutputStream raw, boolean compress) {
    this.fs = fs;
    this.inProgress = inProgress;
    this.finalPath = finalPath;
    this.raw = raw;
    OutputStream stream = compress ? new SnappyOutputStream(raw) : raw;
    this.out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 64 * 1024);
  }

  /**
   * Creates {@code <dir>/<name>.inprogress}. A missing directory is a configuration error (as in
   * Spark: the history server would never see the log); an existing log of the same attempt too.
   */
  public static EventLogWriter create(Settings conf, Configuration hadoopConf, String appId, String attemptId) {
    String dirSetting = conf.get(SpindleConfigs.EVENT_LOG_DIR);
    boolean compress = conf.get(SpindleConfigs.EVENT_LOG_COMPRESS);
    try {
      Path dir = new Path(dirSetting);
      FileSystem fs = dir.getFileSystem(hadoopConf);
      if (!fs.getFileStatus(dir).isDirectory()) {
        throw new InvalidConfigException(SpindleConfigs.EVENT_LOG_DIR.key() + " = " + dirSetting
            + " is not a directory; point it at an existing directory or set spindle.eventLog.enabled=false");
      }
      Path finalPath = new Path(fs.makeQualified(dir), EventLogFiles.logName(appId, attemptId, compress));
      Path inProgress = new Path(finalPath.getParent(), finalPath.getName() + EventLogFiles.IN_PROGRESS);
      if (fs.exists(finalPath)) {
        throw new InvalidConfigException("The event log " + finalPath + " exists already; remove it or use another "
            + SpindleConfigs.EVENT_LOG_DIR.key());
      }
      FSDataOutputStream raw = fs.create(inProgress, true); // a leftover .inprogress of a crashed attempt is replaced
      LOG.info("Logging events to {}", inProgress);
      EventLogWriter writer = new EventLogWriter(fs, inProgress, finalPath, raw, compress);
      writer.write(SparkEventJson.logStart(), false);
      return writer;
    } catch (java.io.FileNotFoundException e) {
      throw new InvalidConfigException(SpindleConfigs.EVENT_LOG_DIR.key() + " = " + dirSetting
          + " does not exist; create it (e.g. hdfs dfs -mkdir -p) or set spindle.eventLog.enabled=false");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the event log in " + dirSetting + ": " + e.getMessage(), e);
    }
  }

  /** Where the log is while the application runs. */
  public Path inProgressPath() {
    return inProgress;
  }

  /** Where it is after the application ended. */
  public Path finalPath() {
    return finalPath;
  }

  private synchronized void write(ObjectNode event, boolean flush) {
    if (out == null) {
      return;
    }
    try {
      out.write(mapper.writeValueAsString(event));
      out.write('\n');
      if (flush) {
        out.flush();
        raw.hflush();
      }
    } catch (IOException e) {
      LOG.warn("Cannot write the event log {}; no further events are logged", inProgress, e);
      closeQuietly();
    }
  }

  @Override
  public void onEventTime(long timeMillis) {
    this.eventTime = timeMillis;
  }

  @Override
  public void onApplicationStart(String appName, String appId, String attemptId, String user) {
    write(SparkEventJson.applicationStart(appName, appId, eventTime, user, attemptId), true);
  }

  @Override
  public void onEnvironmentUpdate(Map<String, Map<String, String>> environment) {
    write(SparkEventJson.environmentUpdate(environment), true);
  }

  @Override
  public void onBlockManagerAdded(String executorId, String host, long maxMemory) {
    write(SparkEventJson.blockManagerAdded(eventTime, executorId, host, maxMemory), false);
  }

  @Override
  public void onBlockUpdated(io.spindle.scheduler.BlockUpdateInfo update) {
    write(SparkEventJson.blockUpdated(update, executorHosts.get(update.executorId())), false);
  }

  @Override
  public void onJobStages(int jobId, List<StageDetails> details) {
    details.forEach(d -> stages.put(d.stageId(), d));
  }

  @Override
  public void onJobStart(int jobId, List<Integer> stageIds, String callSite) {
    List<ObjectNode> infos = new ArrayList<>();
    for (int id : stageIds) {
      StageDetails d = stages.get(id);
      infos.add(SparkEventJson.stageInfo(id, 0, d == null ? "stage " + id : d.name(),
          d == null ? 0 : d.numPartitions(), d, -1, -1, null));
    }
    write(SparkEventJson.jobStart(jobId, eventTime, infos, stageIds, callSite), true);
  }

  @Override
  public void onStageSubmitted(StageInfo stage) {
    stageSubmitted.put(key(stage), eventTime);
    write(SparkEventJson.stageSubmitted(SparkEventJson.stageInfo(stage, stages.get(stage.stageId()), eventTime, -1)),
        true);
  }

  @Override
  public void onTaskStart(TaskStartInfo task) {
    taskStarts.put(task.taskId(), task);
    launchTimes.put(task.taskId(), eventTime);
    write(SparkEventJson.taskStart(task, eventTime), false);
  }

  @Override
  public void onTaskEnd(TaskInfo task) {
    TaskStartInfo start = taskStarts.remove(task.taskId());
    Long launched = launchTimes.remove(task.taskId());
    StageDetails stage = stages.get(task.stageId());
    write(SparkEventJson.taskEnd(task, start, stage != null && stage.shuffleMap(),
        launched == null ? eventTime : launched, eventTime), false);
  }

  @Override
  public void onStageCompleted(StageInfo stage) {
    Long submitted = stageSubmitted.remove(key(stage));
    write(SparkEventJson.stageCompleted(SparkEventJson.stageInfo(stage, stages.get(stage.stageId()),
        submitted == null ? -1 : submitted, eventTime)), true);
  }

  @Override
  public void onJobEnd(int jobId, boolean succeeded, String failureReason) {
    write(SparkEventJson.jobEnd(jobId, eventTime, succeeded, failureReason), true);
  }

  @Override
  public void onExecutorAdded(ExecutorInfo executor) {
    onExecutorAdded(executor, Map.of());
  }

  @Override
  public void onExecutorAdded(ExecutorInfo executor, Map<String, String> logUrls) {
    executorHosts.put(executor.executorId(), executor.host());
    write(SparkEventJson.executorAdded(eventTime, executor, logUrls), false);
    write(SparkEventJson.blockManagerAdded(eventTime, executor.executorId(), executor.host(), 0), true);
  }

  @Override
  public void onExecutorRemoved(String executorId, String reason) {
    write(SparkEventJson.executorRemoved(eventTime, executorId, reason), true);
  }

  @Override
  public void onApplicationEnd() {
    write(SparkEventJson.applicationEnd(eventTime), true);
    stop();
  }

  /** Closes the log and renames it to its final name (idempotent; the context calls it after the bus stopped). */
  public synchronized void stop() {
    if (out == null) {
      return;
    }
    closeQuietly();
    try {
      if (!fs.rename(inProgress, finalPath)) {
        LOG.warn("Could not rename the event log {} to {}", inProgress, finalPath);
      }
    } catch (IOException e) {
      LOG.warn("Could not rename the event log {} to {}", inProgress, finalPath, e);
    }
  }

  private void closeQuietly() {
    Writer w = out;
    out = null;
    try {
      w.close();
    } catch (IOException e) {
      LOG.warn("Closing the event log {} failed", inProgress, e);
    }
  }

  private static long key(StageInfo stage) {
    return ((long) stage.stageId() << 16) | stage.attempt();
  }
}
