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
    spindleConf.forEach((k, v) -> {
      if (k.startsWith("spindle.hadoop.")) {
        conf.set(k.substring("spindle.hadoop.".length()), v);
      }
    });
    return conf;
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
