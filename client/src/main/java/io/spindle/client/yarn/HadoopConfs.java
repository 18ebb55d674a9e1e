package io.spindle.client.yarn;

import java.io.File;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

/**
 * The cluster's configuration as the client sees it: the *-site.xml files of HADOOP_CONF_DIR
 * and YARN_CONF_DIR (read here explicitly, so the client does not depend on how it was put on
 * the class path), then {@code spindle.hadoop.*} overrides from the Spindle configuration.
 */
final class HadoopConfs {
  private static final String[] FILES = {"core-site.xml", "hdfs-site.xml", "yarn-site.xml"};
  private static final long CONNECT_MAX_WAIT_MS = 30_000;
  private static final long RM_RETRY_INTERVAL_MS = 1_000;
  /**
   * HDFS client: how long closing a file first waits when the NameNode has not yet heard from a
   * DataNode that the file's last block is stored, and how often it asks again (the wait doubles
   * each time). Hadoop's defaults are 400 ms and 5 tries. A small file's close almost always
   * races the DataNodes' incremental block report, which reaches the NameNode a few ms after the
   * client's last packet was acknowledged: with 400 ms, about every other small file cost 0.4 s
   * (a submission stages seven, the driver writes _SUCCESS and journal entries, each task its
   * part file; docs/benchmarks.md, issue 15, "Waiting for HDFS"). 50 ms first, 8 tries: the
   * close gives up after 50 * (2^8 - 1) = 12.75 s, no sooner than Hadoop's 400 * (2^5 - 1) = 12.4 s.
   * Shipped to the ApplicationMaster and the executors with the rest of this configuration.
   */
  static final String HDFS_CLOSE_FIRST_WAIT_KEY = "dfs.client.block.write.locateFollowingBlock.initial.delay.ms";
  static final int HDFS_CLOSE_FIRST_WAIT_MS = 50;
  static final String HDFS_CLOSE_TRIES_KEY = "dfs.client.block.write.locateFollowingBlock.retries";
  static final int HDFS_CLOSE_TRIES = 8;

  private HadoopConfs() {}

  static YarnConfiguration load(Map<String, String> env, Map<String, String> spindleConf) {
    YarnConfiguration conf = new YarnConfiguration();
    for (String var : new String[] {"HADOOP_CONF_DIR", "YARN_CONF_DIR"}) {
      String dir = env.get(var);
      if (dir == null || dir.isBlank()) {
        continue;
      }
      for (String name : FILES) {
        File f = new File(dir, name);
        if (f.isFile()) {
          conf.addResource(new Path(f.toURI()));
        }
      }
    }
    // Hadoop's default is to retry an unreachable ResourceManager for 15 minutes; a user at a
    // prompt wants one clear line sooner. Site files and spindle.hadoop.* still win.
    if (isDefault(conf, YarnConfiguration.RESOURCEMANAGER_CONNECT_MAX_WAIT_MS)) {
      conf.setLong(YarnConfiguration.RESOURCEMANAGER_CONNECT_MAX_WAIT_MS, CONNECT_MAX_WAIT_MS);
    }
    // Both or neither: a site file that sets one of them chose how long closes may wait.
    if (isDefault(conf, HDFS_CLOSE_FIRST_WAIT_KEY) && isDefault(conf, HDFS_CLOSE_TRIES_KEY)) {
      conf.setInt(HDFS_CLOSE_FIRST_WAIT_KEY, HDFS_CLOSE_FIRST_WAIT_MS);
      conf.setInt(HDFS_CLOSE_TRIES_KEY, HDFS_CLOSE_TRIES);
    }
    spindleConf.forEach((k, v) -> {
      if (k.startsWith("spindle.hadoop.")) {
        conf.set(k.substring("spindle.hadoop.".length()), v);
      }
    });
    return conf;
  }

  /**
   * The configuration of the client's ResourceManager connection: {@code conf}, but an unreachable
   * RM is retried every second (unless configured), each try a single connection attempt. Hadoop's
   * RM proxy retries {@code max-wait / retry-interval} times (a count, not a clock), and each try is
   * itself {@code ipc.client.connect.max.retries} (10) connection attempts a second apart: with the
   * defaults (30 s interval) a 30 s wait became one try, a 30 s sleep and another try, ~51 s. With
   * these the client gives up {@code yarn.resourcemanager.connect.max-wait.ms} after the first
   * refused connection. Only the RM client gets them: HDFS keeps its own retries.
   */
  static YarnConfiguration forResourceManager(YarnConfiguration conf) {
    YarnConfiguration rm = new YarnConfiguration(conf);
    if (isDefault(rm, YarnConfiguration.RESOURCEMANAGER_CONNECT_RETRY_INTERVAL_MS)) {
      rm.setLong(YarnConfiguration.RESOURCEMANAGER_CONNECT_RETRY_INTERVAL_MS, RM_RETRY_INTERVAL_MS);
    }
    if (isDefault(rm, org.apache.hadoop.fs.CommonConfigurationKeysPublic.IPC_CLIENT_CONNECT_MAX_RETRIES_KEY)) {
      rm.setInt(org.apache.hadoop.fs.CommonConfigurationKeysPublic.IPC_CLIENT_CONNECT_MAX_RETRIES_KEY, 0);
    }
    return rm;
  }

  private static boolean isDefault(YarnConfiguration conf, String key) {
    String[] sources = conf.getPropertySources(key);
    if (sources == null) {
      return true;
    }
    for (String source : sources) {
      if (!source.endsWith("-default.xml")) {
        return false;
      }
    }
    return true;
  }

  /** True if HADOOP_CONF_DIR or YARN_CONF_DIR is set: without either, the RM address would be 0.0.0.0:8032. */
  static boolean hasConfDir(Map<String, String> env) {
    return !isBlank(env.get("HADOOP_CONF_DIR")) || !isBlank(env.get("YARN_CONF_DIR"));
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
