package io.spindle.cluster;

import io.spindle.SpindleConf;
import io.spindle.rpc.RpcProtocol;
import io.spindle.scheduler.TaskScheduler;
import io.spindle.shuffle.MapOutputLocator;
import java.nio.file.Path;

/** Builds the backend of master {@code local-cluster[N,cores,memoryMiB]}. */
public final class LocalCluster {
  private LocalCluster() {}

  public static ClusterBackend backend(int executors, int cores, int memoryMiB, TaskScheduler scheduler,
      MapOutputLocator mapOutputs, SpindleConf conf, String appId, Path scratchDir, ClassLoader userLoader) {
    byte[] secret = RpcProtocol.newSecret(); // one per application, handed to executors in their environment
    LocalClusterLauncher launcher = new LocalClusterLauncher(executors, cores, memoryMiB, conf, appId, secret,
        scratchDir);
    return new ClusterBackend(scheduler, mapOutputs, conf, appId, secret, userLoader, launcher);
  }
}
