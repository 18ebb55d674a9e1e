package io.spindle.client.yarn;

import io.spindle.config.InvalidConfigException;
import io.spindle.config.Settings;
import io.spindle.config.SpindleConfigs;
import java.io.FileNotFoundException;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * With {@code spindle.eventLog.enabled=true}, checks before anything is staged that
 * {@code spindle.eventLog.dir} is on a filesystem the client can reach and is an existing
 * directory. Decision: the directory is <b>not</b> created, as in Spark: it is shared by every
 * application and read by the history server, so its owner and permissions are the cluster
 * admin's choice ({@code hdfs dfs -mkdir -p /spindle-history; hdfs dfs -chmod 1777 /spindle-history}).
 * A {@code file:} directory is checked on the client's machine (the AM writes on its own node).
 */
public final class EventLogDirCheck {
  private EventLogDirCheck() {}

  /** Throws {@link InvalidConfigException} (exit 3) naming the key and the fix; nothing when the log is off. */
  public static void check(Settings conf, Configuration hadoopConf) {
    if (!conf.get(SpindleConfigs.EVENT_LOG_ENABLED)) {
      return;
    }
    String setting = conf.get(SpindleConfigs.EVENT_LOG_DIR);
    String key = SpindleConfigs.EVENT_LOG_DIR.key();
    Path dir;
    try {
      dir = new Path(setting);
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException(key + "=" + setting + " is not a valid path (" + e.getMessage()
          + "); set it to a directory such as hdfs:///spindle-history, or spindle.eventLog.enabled=false");
    }
    Configuration quick = new Configuration(hadoopConf);
    // An unreachable NameNode is reported in seconds, not after the IPC client's default retries.
    quick.setInt("ipc.client.connect.max.retries", 1);
    quick.setInt("ipc.client.connect.max.retries.on.timeouts", 1);
    quick.setInt("ipc.client.connect.timeout", 5_000);
    try (FileSystem fs = FileSystem.newInstance(dir.toUri(), quick)) {
      FileStatus status = fs.getFileStatus(dir);
      if (!status.isDirectory()) {
        throw new InvalidConfigException(key + "=" + setting + " is a file, not a directory; point " + key
            + " at a directory (created beforehand, e.g. hdfs dfs -mkdir -p) or set spindle.eventLog.enabled=false");
      }
    } catch (FileNotFoundException e) {
      throw new InvalidConfigException(key + "=" + setting + " does not exist; create it first (e.g. hdfs dfs -mkdir -p "
          + setting + ", writable by the applications' users) or set spindle.eventLog.enabled=false");
    } catch (IOException | RuntimeException e) {
      if (e instanceof InvalidConfigException ice) {
        throw ice;
      }
      throw new InvalidConfigException("Cannot reach the filesystem of " + key + "=" + setting + " (" + e
          + "); point " + key + " at a filesystem of the cluster (e.g. hdfs:///spindle-history) or set "
          + "spindle.eventLog.enabled=false");
    }
  }
}
