package io.spindle.eventlog;

import io.spindle.config.Redaction;
import io.spindle.config.Settings;
import java.io.File;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;

/**
 * The environment an application runs in, in the sections of Spark's environment page and
 * EnvironmentUpdate event: JVM, Spindle settings ("Spark Properties"), Hadoop settings, system
 * properties and class path — every value that looks like a secret redacted.
 */
public final class Environment {
  private Environment() {}

  public static Map<String, Map<String, String>> of(Settings conf, Configuration hadoopConf, String appId) {
    Redaction redaction = Redaction.fromConf(conf);
    Map<String, Map<String, String>> sections = new LinkedHashMap<>();
    Map<String, String> jvm = new LinkedHashMap<>();
    jvm.put("Java Version", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
    jvm.put("Java Home", System.getProperty("java.home"));
    jvm.put("Scala Version", "none (Spindle is Java)");
    sections.put("JVM Information", jvm);

    Map<String, String> settings = new TreeMap<>(conf.getAll());
    settings.put("spindle.app.id", appId);
    sections.put("Spark Properties", redaction.redact(settings));

    Map<String, String> hadoop = new TreeMap<>();
    for (Map.Entry<String, String> e : hadoopConf) {
      hadoop.put(e.getKey(), e.getValue());
    }
    sections.put("Hadoop Properties", redaction.redact(hadoop));

    Map<String, String> system = new TreeMap<>();
    System.getProperties().forEach((k, v) -> system.put(String.valueOf(k), String.valueOf(v)));
    system.remove("java.class.path"); // listed entry by entry below
    sections.put("System Properties", redaction.redact(system));

    Map<String, String> classpath = new TreeMap<>();
    for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
      if (!entry.isEmpty()) {
        classpath.put(entry, "System Classpath");
      }
    }
    sections.put("Classpath Entries", classpath);
    return sections;
  }
}
