package io.spindle.it.yarn;

import io.spindle.shuffle.yarn.ShuffleServiceConfig;
import io.spindle.shuffle.yarn.ShuffleServiceData;
import io.spindle.shuffle.yarn.SpindleShuffleService;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeoutException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;

/**
 * MiniDFSCluster (2 DataNodes, 1 MiB blocks) + MiniYARNCluster (N NodeManagers, each running the
 * {@code spindle_shuffle} aux service on port 0), and a Hadoop conf dir pointing at them for
 * clients: core-site.xml, hdfs-site.xml, yarn-site.xml. The ITs start one per test class;
 * bin/spindle-minicluster starts one for people. Settings that keep it quick on a small machine:
 * no memory checks, instant teardown, a disk health threshold that tolerates full-ish disks.
 */
public final class MiniSpindleCluster implements AutoCloseable {
  /** In the base configuration: {@code K=V[,K=V]} added to every container's environment (the NodeManagers' admin env). */
  public static final String EXTRA_ADMIN_ENV = "spindle.it.nodemanager.admin-env";

  private final MiniDFSCluster dfs;
  private final MiniYARNCluster yarn;
  private final Path confDir;

  private MiniSpindleCluster(MiniDFSCluster dfs, MiniYARNCluster yarn, Path confDir) {
    this.dfs = dfs;
    this.yarn = yarn;
    this.confDir = confDir;
  }

  /** Starts both clusters; their files go under {@code workDir} (MiniYARNCluster's under ./target). */
  public static MiniSpindleCluster start(String name, int nodeManagers, Path workDir) throws Exception {
    return start(name, nodeManagers, workDir, 4096);
  }

  /** As {@link #start(String, int, Path)}, with {@code nodeManagerMiB} of memory per NodeManager. */
  public static MiniSpindleCluster start(String name, int nodeManagers, Path workDir, int nodeManagerMiB)
      throws Exception {
    return start(name, nodeManagers, workDir, new Configuration(), java.util.Map.of(), nodeManagerMiB, conf -> { },
        yarn -> { });
  }

  /**
   * As {@link #start(String, int, Path, int)}, with {@code customize} changing the YARN configuration
   * last, and {@code beforeStart} seeing the MiniYARNCluster initialised but not started: the one moment
   * a NodeManager's own configuration can still change what it binds (MiniYARNCluster gives each one
   * RPC port 0 when it initialises them, which NodeManager recovery refuses; NodeManagerRestartIT
   * gives them fixed ports there).
   */
  public static MiniSpindleCluster start(String name, int nodeManagers, Path workDir, int nodeManagerMiB,
      java.util.function.Consumer<YarnConfiguration> customize,
      java.util.function.Consumer<MiniYARNCluster> beforeStart) throws Exception {
    return start(name, nodeManagers, workDir, new Configuration(), java.util.Map.of(), nodeManagerMiB, customize,
        beforeStart);
  }

  /**
   * As {@link #start(String, int, Path)}, with {@code customize} changing the YARN configuration
   * last, before the cluster starts: e.g. DistributionIT makes the NodeManagers load the shuffle
   * service from a jar through {@code yarn.nodemanager.aux-services.spindle_shuffle.classpath}.
   */
  public static MiniSpindleCluster start(String name, int nodeManagers, Path workDir,
      java.util.function.Consumer<YarnConfiguration> customize) throws Exception {
    return start(name, nodeManagers, workDir, new Configuration(), java.util.Map.of(), 4096, customize, yarn -> { });
  }

  /**
   * As {@link #start(String, int, Path)}, with {@code base} under both clusters' configuration (the
   * Kerberos fixture puts its principals, keytabs and token lifetimes there) and {@code clientSettings}
   * added to the conf dir's core-site.xml (what clients of a secured cluster must know).
   */
  public static MiniSpindleCluster start(String name, int nodeManagers, Path workDir, Configuration base,
      java.util.Map<String, String> clientSettings) throws Exception {
    return start(name, nodeManagers, workDir, base, clientSettings, 4096, conf -> { }, yarn -> { });
  }

  private static MiniSpindleCluster start(String name, int nodeManagers, Path workDir, Configuration base,
      java.util.Map<String, String> clientSettings, int nodeManagerMiB,
      java.util.function.Consumer<YarnConfiguration> customize,
      java.util.function.Consumer<MiniYARNCluster> beforeStart) throws Exception {
    Files.createDirectories(workDir);
    base.setLong("dfs.blocksize", 1 << 20);
    base.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, workDir.resolve("dfs").toAbsolutePath().toString());
    MiniDFSCluster dfs = new MiniDFSCluster.Builder(base).numDataNodes(2).build();
    MiniYARNCluster yarn = null;
    try {
      dfs.waitActive();
      YarnConfiguration conf = new YarnConfiguration(dfs.getConfiguration(0));
      conf.set(YarnConfiguration.NM_AUX_SERVICES, ShuffleServiceData.SERVICE_NAME);
      conf.set("yarn.nodemanager.aux-services." + ShuffleServiceData.SERVICE_NAME + ".class",
          SpindleShuffleService.class.getName());
      conf.setInt(ShuffleServiceConfig.PORT.name(), 0); // all NodeManagers share this JVM
      conf.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
      conf.setBoolean(YarnConfiguration.NM_PMEM_CHECK_ENABLED, false);
      conf.setInt(YarnConfiguration.DEBUG_NM_DELETE_DELAY_SEC, 600);
      conf.setLong(YarnConfiguration.NM_LOG_RETAIN_SECONDS, 0);
      conf.setFloat(YarnConfiguration.NM_MAX_PER_DISK_UTILIZATION_PERCENTAGE, 99.5f);
      conf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 128);
      // 4 GiB per NodeManager: with the CapacityScheduler's default 10% AM share, the default
      // queue runs one 512 MiB AM at a time and holds a second one in ACCEPTED.
      conf.setInt(YarnConfiguration.NM_PMEM_MB, nodeManagerMiB);
      // MiniYARNCluster overrides the line above with its own key (default 4096) when it creates each
      // NodeManager: without this one, every NodeManager had 4 GiB whatever the caller asked.
      conf.setInt(YarnConfiguration.YARN_MINICLUSTER_NM_PMEM_MB, nodeManagerMiB);
      // Containers find java as on a real cluster, through JAVA_HOME, whatever the test JVM's env says.
      String adminEnv = base.get(EXTRA_ADMIN_ENV);
      conf.set(YarnConfiguration.NM_ADMIN_USER_ENV, "JAVA_HOME=" + System.getProperty("java.home")
          + (adminEnv == null ? "" : "," + adminEnv));
      customize.accept(conf);
      yarn = new MiniYARNCluster(name, nodeManagers, 1, 1);
      yarn.init(conf);
      beforeStart.accept(yarn);
      yarn.start();
      if (!yarn.waitForNodeManagersToConnect(60_000)) {
        throw new TimeoutException("NodeManagers did not register with the ResourceManager");
      }
      Path confDir = Files.createDirectories(workDir.resolve("conf"));
      Configuration core = new Configuration(false);
      core.set(FileSystem.FS_DEFAULT_NAME_KEY, dfs.getURI().toString());
      clientSettings.forEach(core::set);
      write(core, confDir.resolve("core-site.xml"));
      Configuration hdfs = new Configuration(false);
      hdfs.set("dfs.replication", "2");
      write(hdfs, confDir.resolve("hdfs-site.xml"));
      // The yarn.* keys only (they carry the RM's random ports): the cluster's full configuration
      // names test-only classes, such as the StaticMapping topology, that clients do not have.
      Configuration yarnSite = new Configuration(false);
      for (java.util.Map.Entry<String, String> e : yarn.getConfig()) {
        if (e.getKey().startsWith("yarn.")) {
          yarnSite.set(e.getKey(), e.getValue());
        }
      }
      write(yarnSite, confDir.resolve("yarn-site.xml"));
      return new MiniSpindleCluster(dfs, yarn, confDir);
    } catch (Exception | Error e) {
      if (yarn != null) {
        yarn.stop();
      }
      dfs.shutdown();
      throw e;
    }
  }

  private static void write(Configuration conf, Path file) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      conf.writeXml(out);
    }
  }

  public Path confDir() {
    return confDir;
  }

  public FileSystem fileSystem() throws IOException {
    return dfs.getFileSystem();
  }

  public String hdfsUri() {
    return dfs.getURI().toString();
  }

  public YarnConfiguration yarnConf() {
    return new YarnConfiguration(yarn.getConfig());
  }

  public MiniYARNCluster yarn() {
    return yarn;
  }

  @Override
  public void close() {
    try {
      yarn.stop();
    } finally {
      dfs.shutdown();
    }
  }
}
