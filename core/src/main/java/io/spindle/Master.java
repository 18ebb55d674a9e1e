package io.spindle;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A parsed {@code spindle.master} value. */
record Master(String value, int localThreads) {
  private static final Pattern LOCAL_N = Pattern.compile("local\\[(\\d+|\\*)]");

  static Master parse(String master) {
    String m = master == null ? "local[*]" : master.trim();
    if (m.equals("local")) {
      return new Master(m, 1);
    }
    Matcher matcher = LOCAL_N.matcher(m);
    if (matcher.matches()) {
      String n = matcher.group(1);
      int threads = n.equals("*") ? Runtime.getRuntime().availableProcessors() : parseThreads(m, n);
      return new Master(m, threads);
    }
    if (m.equals("yarn")) {
      return yarn();
    }
    throw new io.spindle.config.InvalidConfigException("Unknown master '" + master
        + "': expected local, local[N] or local[*] (N = number of task threads), or yarn.");
  }

  /**
   * The ApplicationMaster sets {@value #IN_APPLICATION_MASTER} before it runs the user's main, so
   * a driver there accepts {@code yarn}. Until executors come, its tasks run on
   * {@value #AM_CORES} threads inside the AM container. Anywhere else, {@code yarn} means
   * "submit me", which only spindle-submit can do.
   */
  static final String IN_APPLICATION_MASTER = "spindle.yarn.inApplicationMaster";
  static final String AM_CORES = "spindle.yarn.am.cores";

  private static Master yarn() {
    if (!Boolean.getBoolean(IN_APPLICATION_MASTER)) {
      throw new io.spindle.config.InvalidConfigException("Master 'yarn' is for applications submitted with "
          + "bin/spindle-submit --master yarn, which runs the driver in the YARN ApplicationMaster. "
          + "To run inside this JVM, use local[N].");
    }
    String cores = System.getProperty(AM_CORES, "1");
    return new Master("yarn", parseThreads("yarn (" + AM_CORES + "=" + cores + ")", cores));
  }

  private static int parseThreads(String master, String n) {
    try {
      int threads = Integer.parseInt(n);
      if (threads > 0) {
        return threads;
      }
    } catch (NumberFormatException ignored) {
      // fall through to the error below
    }
    throw new io.spindle.config.InvalidConfigException("Invalid master '" + master + "': the thread count must be a positive integer.");
  }
}
