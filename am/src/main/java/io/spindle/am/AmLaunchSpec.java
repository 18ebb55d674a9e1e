package io.spindle.am;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What the client tells the ApplicationMaster: the user's main class, jars and arguments, the
 * staging dir to remove at the end, and the application's {@code spindle.*} configuration. It
 * travels as a properties file localized into the AM's working dir as {@link #FILE_NAME}, so
 * arguments with any characters survive (no shell quoting on the way).
 */
public record AmLaunchSpec(String mainClass, String appJar, List<String> userJars, List<String> appArgs,
    String stagingDir, Map<String, String> conf) {

  public static final String FILE_NAME = "__spindle_launch__.properties";
  /** The link name of the application jar in the AM's working dir. */
  public static final String APP_JAR = "__app__.jar";
  /**
   * With --keytab on a secured cluster: the keytab in the AM's working dir (a PRIVATE resource,
   * owner-only in the staging dir, never in an executor's launch context). The AM logs in from it
   * to renew the application's delegation tokens.
   */
  public static final String KEYTAB_FILE = "__spindle__.keytab";
  /**
   * The client's Hadoop configuration, localized under each *-site.xml name: YarnConfiguration and
   * HdfsConfiguration read yarn-default.xml / hdfs-default.xml after core-site.xml, so a copy named
   * only core-site.xml would lose the ResourceManager's addresses to the defaults.
   */
  public static final java.util.List<String> HADOOP_CONF_NAMES = java.util.List.of("core-site.xml",
      "hdfs-site.xml", "yarn-site.xml");

  private static final String MAIN = "am.mainClass";
  private static final String JAR = "am.appJar";
  private static final String USER_JARS = "am.userJars";
  private static final String STAGING = "am.stagingDir";
  private static final String ARG_COUNT = "am.args";
  private static final String ARG = "am.arg.";

  public AmLaunchSpec {
    userJars = List.copyOf(userJars);
    appArgs = List.copyOf(appArgs);
    conf = Map.copyOf(conf);
  }

  public void write(OutputStream out) throws IOException {
    Properties p = new Properties();
    p.setProperty(MAIN, mainClass);
    p.setProperty(JAR, appJar);
    p.setProperty(USER_JARS, String.join(",", userJars));
    p.setProperty(STAGING, stagingDir);
    p.setProperty(ARG_COUNT, Integer.toString(appArgs.size()));
    for (int i = 0; i < appArgs.size(); i++) {
      p.setProperty(ARG + i, appArgs.get(i));
    }
    conf.forEach(p::setProperty);
    p.store(out, "Spindle ApplicationMaster launch spec");
  }

  public static AmLaunchSpec read(Path file) throws IOException {
    return read(Files.newInputStream(file));
  }

  /** Reads a spec written by {@link #write} and closes {@code stream}. */
  public static AmLaunchSpec read(InputStream stream) throws IOException {
    Properties p = new Properties();
    try (InputStream in = stream) {
      p.load(in);
    }
    List<String> args = new ArrayList<>();
    int n = Integer.parseInt(p.getProperty(ARG_COUNT, "0"));
    for (int i = 0; i < n; i++) {
      args.add(p.getProperty(ARG + i));
    }
    String jars = p.getProperty(USER_JARS, "");
    Map<String, String> conf = new TreeMap<>();
    for (String key : p.stringPropertyNames()) {
      if (key.startsWith("spindle.")) {
        conf.put(key, p.getProperty(key));
      }
    }
    return new AmLaunchSpec(p.getProperty(MAIN), p.getProperty(JAR),
        jars.isEmpty() ? List.of() : List.of(jars.split(",")), args, p.getProperty(STAGING), conf);
  }
}
