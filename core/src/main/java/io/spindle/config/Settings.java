package io.spindle.config;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;

/**
 * The engine's view of an application's configuration: {@code spindle.*} keys (see
 * {@link SpindleConfigs}) and {@code spindle.hadoop.*} keys, which are handed to Hadoop without the
 * prefix. Engine code takes a {@code Settings}; applications build the public
 * {@link io.spindle.SpindleConf}, which is one (it only narrows the setters' return type), so the
 * engine never names the API package.
 */
public class Settings implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final String HADOOP_PREFIX = "spindle.hadoop.";

  private final Map<String, String> settings = new TreeMap<>();

  /**
   * @param loadSystemProperties start from the JVM's {@code spindle.*} system properties, which is
   *     how {@code spindle-submit --conf} reaches the application
   */
  public Settings(boolean loadSystemProperties) {
    if (loadSystemProperties) {
      for (String name : System.getProperties().stringPropertyNames()) {
        if (name.startsWith("spindle.")) {
          settings.put(name, System.getProperty(name));
        }
      }
    }
  }

  public Settings set(String key, String value) {
    if (key == null || value == null) {
      throw new IllegalArgumentException("Configuration key and value must not be null (key " + key + ")");
    }
    settings.put(key, value);
    return this;
  }

  /** The raw value, or null. */
  public String get(String key) {
    return settings.get(key);
  }

  public String get(String key, String defaultValue) {
    return settings.getOrDefault(key, defaultValue);
  }

  /** The parsed value, or the entry's default; a malformed value throws IllegalArgumentException naming the key. */
  public <T> T get(ConfigEntry<T> entry) {
    String raw = settings.get(entry.key());
    return entry.parse(raw != null ? raw : entry.defaultValue());
  }

  public boolean contains(String key) {
    return settings.containsKey(key);
  }

  public Map<String, String> getAll() {
    return new TreeMap<>(settings);
  }

  /** Hadoop's key for the class of the {@code file:} filesystem. */
  public static final String LOCAL_FILE_SYSTEM_KEY = "fs.file.impl";

  /**
   * The Hadoop configuration of a driver or executor: Hadoop's defaults and site files, with
   * {@link io.spindle.io.PosixLocalFileSystem} for {@code file:} unless they name one, plus every
   * {@code spindle.hadoop.*} key without its prefix (so {@code spindle.hadoop.fs.file.impl} overrides it).
   */
  public static Configuration hadoopConfiguration(Settings conf) {
    Configuration hadoop = HadoopDefaults.newConfiguration(); // not parsed again: see HadoopDefaults
    // Local files have no blocks; Hadoop's 32 MiB pretend block would cut 1 GiB into 32 tasks,
    // each with a full map-side combine and map output. Split them like HDFS's default block.
    hadoop.setLong("fs.local.block.size", 128L << 20);
    // Hadoop's local filesystem, without a chmod process for every file and directory it creates
    // (io.spindle.io.PosixLocalFileSystem says why), unless Hadoop's XML names one.
    if (hadoop.get(LOCAL_FILE_SYSTEM_KEY) == null) {
      hadoop.set(LOCAL_FILE_SYSTEM_KEY, io.spindle.io.PosixLocalFileSystem.class.getName());
    }
    for (Map.Entry<String, String> e : conf.getAll().entrySet()) {
      if (e.getKey().startsWith(HADOOP_PREFIX)) {
        hadoop.set(e.getKey().substring(HADOOP_PREFIX.length()), e.getValue());
      }
    }
    return hadoop;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + settings;
  }
}
