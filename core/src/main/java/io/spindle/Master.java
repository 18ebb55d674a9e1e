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
      throw new io.spindle.config.InvalidConfigException("Master 'yarn' runs through the ApplicationMaster, which this build "
          + "does not have yet. Use --master local[N] for now.");
    }
    throw new io.spindle.config.InvalidConfigException("Unknown master '" + master
        + "': expected local, local[N] or local[*] (N = number of task threads), or yarn.");
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
