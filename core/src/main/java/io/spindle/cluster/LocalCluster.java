package io.spindle.cluster;

import io.spindle.config.Settings;
import io.spindle.rpc.RpcProtocol;
import io.spindle.scheduler.TaskScheduler;
import io.spindle.shuffle.MapOutputLocator;
import java.nio.file.Path;

/** Builds the backend of master {@code local-cluster[N,cores,memoryMiB]}. */
public final class LocalCluster {
  private LocalCluster() {}

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

  public static ClusterBackend backend(int executors, int cores, int memoryMiB, TaskScheduler scheduler,
      MapOutputLocator mapOutputs, io.spindle.broadcast.BroadcastSource broadcasts,
      io.spindle.output.OutputCommitCoordinator commits, Settings conf, String appId, Path scratchDir,
      ClassLoader userLoader) {
    byte[] secret = RpcProtocol.newSecret(); // one per application, handed to executors in their environment
    LocalClusterLauncher launcher = new LocalClusterLauncher(executors, cores, memoryMiB, conf, appId, secret,
        scratchDir, userJars(userLoader));
    return new ClusterBackend(scheduler, mapOutputs, conf, appId, secret, userLoader, "127.0.0.1", broadcasts,
        commits, launcher);
  }
}
