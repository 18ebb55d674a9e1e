package io.spindle.status;

import io.spindle.config.Settings;
import io.spindle.config.SpindleConfigs;
import io.spindle.eventlog.EventLogFiles;
import io.spindle.eventlog.EventLogReplay;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xerial.snappy.SnappyInputStream;

/**
 * The history server's applications: every event log in {@code spindle.history.fs.logDirectory},
 * each replayed into its own {@link AppStatusListener} (Spark's FsHistoryProvider, without its
 * disk store: logs are replayed into memory). {@link #scan} picks up new logs and logs that grew
 * (a running application's {@code .inprogress} file, or one renamed at its end), so they appear
 * without a restart; an {@code .inprogress} log without an application-end event is listed as
 * incomplete.
 */
public final class HistorySource implements StatusSource {
  private static final Logger LOG = LoggerFactory.getLogger(HistorySource.class);

  private final FileSystem fs;
  private final Path dir;
  private final Settings conf;
  /** By file name without .inprogress: one entry per application attempt. */
  private final Map<String, Entry> logs = new HashMap<>();

  private record Entry(String path, long length, long modified, AppStatusListener status) {}

  public HistorySource(FileSystem fs, Path dir, Settings conf) {
    this.fs = fs;
    this.dir = dir;
    this.conf = conf;
  }

  /** Reads logs that are new or changed since the last scan; returns how many were (re)read. */
  public int scan() throws IOException {
    FileStatus[] files = fs.listStatus(dir);
    int read = 0;
    for (FileStatus file : files) {
      String name = file.getPath().getName();
      if (!file.isFile() || name.startsWith(".") || name.startsWith("_")) {
        continue;
      }
      String key = EventLogFiles.withoutInProgress(name);
      Entry known;
      synchronized (this) {
        known = logs.get(key);
      }
      if (known != null && known.path.equals(file.getPath().toString()) && known.length == file.getLen()
          && known.modified == file.getModificationTime()) {
        continue;
      }
      if (known != null && !known.path.equals(file.getPath().toString()) && EventLogFiles.isInProgress(name)) {
        continue; // a finished log and a leftover .inprogress of the same attempt: the finished one counts
      }
      try {
        AppStatusListener status = replay(file.getPath(), EventLogFiles.isCompressed(name));
        synchronized (this) {
          logs.put(key, new Entry(file.getPath().toString(), file.getLen(), file.getModificationTime(), status));
        }
        read++;
      } catch (IOException | RuntimeException e) {
        LOG.warn("Cannot read event log {}: {}", file.getPath(), e.toString());
      }
    }
    return read;
  }

  private AppStatusListener replay(Path log, boolean compressed) throws IOException {
    String name = EventLogFiles.withoutInProgress(log.getName());
    AppStatusListener status = new AppStatusListener(name, name, "", 0,
        conf.get(SpindleConfigs.UI_RETAINED_JOBS), conf.get(SpindleConfigs.UI_RETAINED_STAGES),
        conf.get(SpindleConfigs.UI_RETAINED_DEAD_EXECUTORS), () -> 0L);
    status.idFromEvents = true;
    try (InputStream raw = fs.open(log); InputStream in = compressed ? new SnappyInputStream(raw) : raw) {
      EventLogReplay.replay(in, status);
    }
    return status;
  }

  @Override
  public synchronized List<ApplicationInfo> applications() {
    List<ApplicationInfo> apps = new ArrayList<>();
    logs.values().forEach(e -> apps.add(e.status.application()));
    apps.sort(Comparator.comparingLong(ApplicationInfo::startTime).reversed());
    return apps;
  }

  @Override
  public synchronized AppStatusListener application(String appId) {
    AppStatusListener latest = null; // of several YARN attempts, the newest (Spark's pages show it too)
    for (Entry e : logs.values()) {
      if (e.status.applicationId().equals(appId)
          && (latest == null || e.status.application().startTime() > latest.application().startTime())) {
        latest = e.status;
      }
    }
    return latest;
  }

  @Override
  public synchronized AppStatusListener application(String appId, String attemptId) {
    for (Entry e : logs.values()) {
      if (e.status.applicationId().equals(appId) && attemptId.equals(e.status.application().attemptId())) {
        return e.status;
      }
    }
    return null;
  }
}
