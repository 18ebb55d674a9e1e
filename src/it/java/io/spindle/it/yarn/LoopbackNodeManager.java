package io.spindle.it.yarn;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.nodemanager.NodeManager;
import org.apache.hadoop.yarn.webapp.util.WebAppUtils;

/**
 * One more NodeManager for a running {@link MiniSpindleCluster}, started in the test's JVM on its
 * own loopback address (127.0.0.2, 127.0.0.3, ...; Linux routes all of 127/8 to the loopback
 * interface), so its NodeId host differs from the MiniYARNCluster's NodeManagers, which all share
 * the machine's name. YARN's exclusion list and Spindle's node exclusion are per host: only a
 * distinct host lets a test exclude one NodeManager and not the others. It registers with the
 * ResourceManager over RPC like a real one, runs the cluster's configuration (the shuffle service
 * included) with its own dirs, changed last by the test's {@code customize} (e.g. a
 * {@code yarn.nodemanager.admin-env} that breaks every container, or no shuffle service).
 */
final class LoopbackNodeManager implements AutoCloseable {
  private final NodeManager nm;

  private LoopbackNodeManager(NodeManager nm) {
    this.nm = nm;
  }

  static LoopbackNodeManager start(MiniSpindleCluster cluster, String address, Path workDir, int memoryMiB,
      java.util.function.Consumer<YarnConfiguration> customize) throws Exception {
    YarnConfiguration conf = new YarnConfiguration(cluster.yarn().getConfig());
    String tracker = cluster.yarn().getResourceManager().getConfig().get(YarnConfiguration.RM_RESOURCE_TRACKER_ADDRESS);
    if (tracker == null || tracker.endsWith(":0")) {
      throw new IllegalStateException("the ResourceManager's resource tracker address is not known: " + tracker);
    }
    conf.set(YarnConfiguration.RM_RESOURCE_TRACKER_ADDRESS, tracker);
    Path dir = Files.createDirectories(workDir.resolve("nm-" + address));
    conf.set(YarnConfiguration.NM_LOCAL_DIRS, Files.createDirectories(dir.resolve("local")).toString());
    conf.set(YarnConfiguration.NM_LOG_DIRS, Files.createDirectories(dir.resolve("log")).toString());
    conf.set(YarnConfiguration.NM_REMOTE_APP_LOG_DIR, dir.resolve("remote-logs").toString());
    conf.set(YarnConfiguration.NM_PREFIX + "hostname", address);
    conf.set(YarnConfiguration.NM_ADDRESS, address + ":0");
    conf.set(YarnConfiguration.NM_LOCALIZER_ADDRESS, address + ":0");
    WebAppUtils.setNMWebAppHostNameAndPort(conf, address, 0);
    conf.setInt(YarnConfiguration.NM_PMEM_MB, memoryMiB);
    customize.accept(conf);
    NodeManager nm = new NodeManager();
    nm.init(conf);
    nm.start();
    String host = nm.getNMContext().getNodeId().getHost();
    if (!host.equals(address)) {
      nm.stop();
      throw new IllegalStateException("the NodeManager on " + address + " calls itself " + host
          + " (a name for the address in /etc/hosts?): it must have a host of its own");
    }
    return new LoopbackNodeManager(nm);
  }

  /** The NodeId's host: what the ResourceManager's and Spindle's exclusion lists name. */
  String host() {
    return nm.getNMContext().getNodeId().getHost();
  }

  @Override
  public void close() {
    nm.stop();
  }
}
