package io.spindle.cluster;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A parsed {@code spindle.master} value (engine: the context picks its scheduler backend by it). */
public record Master(String value, int localThreads, LocalClusterSpec localCluster) {
  private static final Pattern LOCAL_N = Pattern.compile("local\\[(\\d+|\\*)]");
  private static final Pattern LOCAL_CLUSTER = Pattern.compile("local-cluster\\[\\s*(\\d+)\\s*,\\s*(\\d+)\\s*,\\s*(\\d+)\\s*]");

  /** {@code local-cluster[N,cores,memoryMiB]}: N executor JVMs on this machine (Spark's name). */
  public record LocalClusterSpec(int executors, int cores, int memoryMiB) {}

  public Master(String value, int localThreads) {
    this(value, localThreads, null);
  }

  public static Master parse(String master) {
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
    Matcher cluster = LOCAL_CLUSTER.matcher(m);
    if (cluster.matches()) {
      return parseLocalCluster(m, cluster);
    }
    if (m.startsWith("local-cluster")) {
      throw new io.spindle.config.InvalidConfigException("Invalid master '" + master
          + "': expected local-cluster[N,cores,memoryMiB], e.g. local-cluster[2,1,512].");
    }
    if (m.equals("yarn")) {
      return yarn();
    }
    throw new io.spindle.config.InvalidConfigException("Unknown master '" + master
        + "': expected local, local[N] or local[*] (N = number of task threads), "
        + "local-cluster[N,cores,memoryMiB] (N executor JVMs on this machine), or yarn.");
  }

  private static Master parseLocalCluster(String m, Matcher matcher) {
    int executors = Integer.parseInt(matcher.group(1));
    int cores = Integer.parseInt(matcher.group(2));
    int memory = Integer.parseInt(matcher.group(3));
    if (executors < 1 || cores < 1 || memory < 64) {
      throw new io.spindle.config.InvalidConfigException("Invalid master '" + m + "': local-cluster needs at least "
          + "1 executor, 1 core each and 64 MiB of memory each, e.g. local-cluster[2,1,512].");
    }
    return new Master(m, executors * cores, new LocalClusterSpec(executors, cores, memory));
  }

  /**
   * The ApplicationMaster sets {@value #IN_APPLICATION_MASTER} before it runs the user's main, so
   * a driver there accepts {@code yarn}: its tasks run in executor containers when the AM also
   * set {@code spindle.yarn.executorLauncherFactory} (see SpindleContext and
   * {@link io.spindle.cluster.ExecutorLauncherFactory}), else on {@value #AM_CORES} threads inside
   * the AM container (the local threads this Master carries). Anywhere else, {@code yarn} means
   * "submit me", which only spindle-submit can do.
   */
  public static final String IN_APPLICATION_MASTER = "spindle.yarn.inApplicationMaster";
  public static final String AM_CORES = "spindle.yarn.am.cores";

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
