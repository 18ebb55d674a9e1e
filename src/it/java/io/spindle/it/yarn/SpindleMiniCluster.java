package io.spindle.it.yarn;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code bin/spindle-minicluster [--nodemanagers N] [--dir D]}: a MiniDFSCluster + MiniYARNCluster
 * with the shuffle service, for trying {@code spindle-submit --master yarn} without a cluster.
 * Prints the {@code export HADOOP_CONF_DIR=...} line, runs until Ctrl-C, then stops both clusters.
 * It lives in the integration tests' classpath so product jars stay free of hadoop-minicluster.
 */
public final class SpindleMiniCluster {
  private SpindleMiniCluster() {}

  public static void main(String[] args) throws Exception {
    int nodeManagers = 2;
    Path dir = Path.of("spindle-minicluster");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--nodemanagers" -> nodeManagers = Integer.parseInt(args[++i]);
        case "--dir" -> dir = Path.of(args[++i]);
        default -> {
          System.err.println("Usage: spindle-minicluster [--nodemanagers N] [--dir D]");
          System.exit(2);
        }
      }
    }
    MiniSpindleCluster cluster = MiniSpindleCluster.start("spindle-minicluster", nodeManagers,
        dir.toAbsolutePath());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.out.println("Stopping the minicluster...");
      try {
        cluster.close();
        System.out.println("Minicluster stopped.");
      } catch (RuntimeException e) {
        // Hadoop's services race the JVM's own shutdown; what is left dies with the JVM.
        System.out.println("Minicluster stopped (" + e + ")");
      } finally {
        stopped.countDown();
      }
    }, "minicluster-shutdown"));
    System.out.println("Minicluster up: HDFS " + cluster.hdfsUri() + ", " + nodeManagers
        + " NodeManagers with spindle_shuffle. In another shell:");
    System.out.println("export HADOOP_CONF_DIR=" + cluster.confDir());
    System.out.println("Ctrl-C stops it.");
    System.out.flush();
    stopped.await();
  }
}
