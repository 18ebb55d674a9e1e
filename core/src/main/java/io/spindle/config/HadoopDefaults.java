package io.spindle.config;

import org.apache.hadoop.conf.Configuration;

/**
 * Hadoop's XML defaults (core-default.xml, hdfs-default.xml, the *-site.xml files …), parsed once
 * per JVM. Every {@code new Configuration()} parses them all again on first use, and every live
 * one parses them again when a class adds a default resource (the HDFS client's
 * {@code HdfsConfiguration} does when it loads, {@code JobConf} too). In a fresh executor that was
 * 9 parses of Hadoop's XML before its first task ended, and C2 compiling the XML parser on top
 * (issue 15, docs/benchmarks.md); now 5, the other 4 being Hadoop's own {@code new Configuration()}s.
 * Spindle's own configurations are copies of {@link #shared()} (a copy takes the parsed
 * properties), and {@link #shared()} registers the default resources before it parses.
 */
public final class HadoopDefaults {
  private static Configuration shared; // guarded by the class

  private HadoopDefaults() {}

  /**
   * Adds the default resources Hadoop's own classes add when they load, now: HDFS's (its client's
   * {@code HdfsConfiguration}) and MapReduce's and YARN's ({@code JobConf}, which Hadoop's login
   * code loads in every process), so that configurations parsed from here on already hold them
   * instead of being parsed again when those classes load. {@link #shared()} does it before its
   * parse; a class that is not on the class path is skipped.
   */
  public static void registerDefaultResources() {
    for (String c : new String[] {"org.apache.hadoop.hdfs.HdfsConfiguration", "org.apache.hadoop.mapred.JobConf"}) {
      try {
        Class.forName(c, true, HadoopDefaults.class.getClassLoader());
      } catch (ClassNotFoundException | LinkageError e) {
        // not on the class path: nothing to register
      }
    }
  }

  /** A new configuration with the default resources, copied from the one parsed per JVM. */
  public static Configuration newConfiguration() {
    return new Configuration(shared());
  }

  /** The configuration this JVM parses its defaults into; not to be modified (copy it). */
  public static synchronized Configuration shared() {
    if (shared == null) {
      registerDefaultResources(); // before the first parse, so that it is not parsed again when they load
      Configuration c = new Configuration();
      c.size(); // parses now, so that copies take the properties instead of parsing them again
      shared = c;
    }
    return shared;
  }
}
