package io.spindle;

import io.spindle.config.ConfigEntry;
import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * Configuration of a Spindle application: {@code spindle.*} keys (see
 * {@link io.spindle.config.SpindleConfigs}) and {@code spindle.hadoop.*} keys, which are handed to
 * Hadoop without the prefix. A new conf starts from the JVM's {@code spindle.*} system properties,
 * which is how {@code spindle-submit --conf} reaches the application.
 */
public final class SpindleConf implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final String HADOOP_PREFIX = "spindle.hadoop.";

  private final Map<String, String> settings = new TreeMap<>();

  public SpindleConf() {
    this(true);
  }

  public SpindleConf(boolean loadSystemProperties) {
    if (loadSystemProperties) {
      for (String name : System.getProperties().stringPropertyNames()) {
        if (name.startsWith("spindle.")) {
          settings.put(name, System.getProperty(name));
        }
      }
    }
  }

  public SpindleConf set(String key, String value) {
    if (key == null || value == null) {
      throw new IllegalArgumentException("Configuration key and value must not be null (key " + key + ")");
    }
    settings.put(key, value);
    return this;
  }

  public SpindleConf setMaster(String master) {
    return set("spindle.master", master);
  }

  public SpindleConf setAppName(String name) {
    return set("spindle.app.name", name);
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

  @Override
  public String toString() {
    return "SpindleConf" + settings;
  }
}
