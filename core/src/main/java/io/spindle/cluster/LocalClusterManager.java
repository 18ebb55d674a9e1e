package io.spindle.cluster;

import io.spindle.config.Settings;
import io.spindle.config.InvalidConfigException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Master {@code local-cluster[N,cores,memoryMiB]} (Spark's name): N executor JVMs on this machine,
 * started by a {@link LocalClusterLauncher} and served by a {@link ClusterBackend}.
 */
public final class LocalClusterManager implements ClusterManager {
  private static final Pattern LOCAL_CLUSTER =
      Pattern.compile("local-cluster\\[\\s*(\\d+)\\s*,\\s*(\\d+)\\s*,\\s*(\\d+)\\s*]");

  /** The executors of a local cluster: how many, task threads and heap (MiB) of each. */
  public record Spec(int executors, int cores, int memoryMiB) implements ClusterDeployment {
    /** Task slots of all executors together. */
    public int totalCores() {
      return executors * cores;
    }

    @Override
    public boolean logsSchedulerEvents() {
      return true;
    }

    @Override
    public ClusterBackend createBackend(BackendContext context) {
      // One secret per application, handed to the executors in their environment.
      return ClusterBackend.create(context, "127.0.0.1", secret -> new LocalClusterLauncher(executors, cores,
          memoryMiB, context.conf(), context.applicationId(), secret, context.scratchDir(),
          userJars(context.userLoader())));
    }
  }

  @Override
  public boolean canCreate(String master) {
    return master.startsWith("local-cluster");
  }

  @Override
  public String masterSyntax() {
    return "local-cluster[N,cores,memoryMiB] (N executor JVMs on this machine)";
  }

  @Override
  public Spec deploy(String master, Settings conf) {
    return parse(master);
  }

  /** Parses {@code local-cluster[N,cores,memoryMiB]}; an {@link InvalidConfigException} naming the form if malformed. */
  public static Spec parse(String master) {
    Matcher matcher = LOCAL_CLUSTER.matcher(master);
    if (!matcher.matches()) {
      throw new InvalidConfigException("Invalid master '" + master
          + "': expected local-cluster[N,cores,memoryMiB], e.g. local-cluster[2,1,512].");
    }
    int executors = Integer.parseInt(matcher.group(1));
    int cores = Integer.parseInt(matcher.group(2));
    int memory = Integer.parseInt(matcher.group(3));
    if (executors < 1 || cores < 1 || memory < 64) {
      throw new InvalidConfigException("Invalid master '" + master + "': local-cluster needs at least "
          + "1 executor, 1 core each and 64 MiB of memory each, e.g. local-cluster[2,1,512].");
    }
    return new Spec(executors, cores, memory);
  }

  /** Jars the user's class loader adds to this JVM's classpath (spindle-submit loads the job jar so). */
  private static java.util.List<String> userJars(ClassLoader loader) {
    java.util.List<String> jars = new java.util.ArrayList<>();
    for (ClassLoader l = loader; l != null && l != ClassLoader.getSystemClassLoader(); l = l.getParent()) {
      if (l instanceof java.net.URLClassLoader urls) {
        for (java.net.URL url : urls.getURLs()) {
          if ("file".equals(url.getProtocol())) {
            jars.add(java.nio.file.Path.of(java.net.URI.create(url.toString())).toString());
          }
        }
      }
    }
    return jars;
  }
}
