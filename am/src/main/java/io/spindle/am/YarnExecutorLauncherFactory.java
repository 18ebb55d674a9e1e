package io.spindle.am;

import io.spindle.SpindleConf;
import io.spindle.cluster.ExecutorLauncher;
import io.spindle.config.SpindleConfigs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.yarn.api.records.Resource;

/**
 * The executor launcher of a {@code yarn} driver with {@code spindle.executor.instances > 0}
 * ({@link YarnClusterManager}): sizes the executor containers from the driver's
 * configuration (heap {@code spindle.executor.memory}, container heap + overhead
 * max(384 MiB, 10%), {@code spindle.executor.cores} vcores) and builds a {@link YarnExecutorLauncher}.
 */
final class YarnExecutorLauncherFactory {
  private final AmServices am;

  YarnExecutorLauncherFactory(AmServices am) {
    this.am = am;
  }

  /**
   * Hosts' racks from the cluster's topology (Hadoop's RackResolver: {@code net.topology.*}, cached),
   * for container requests and the task scheduler's RACK_LOCAL level. Hadoop's "/default-rack",
   * which every host gets when no topology is configured, counts as unknown: else every task
   * would wait {@code spindle.locality.wait} once more for a "rack" that is the whole cluster.
   */
  static java.util.function.Function<String, String> clusterRacks(org.apache.hadoop.conf.Configuration conf) {
    org.apache.hadoop.yarn.util.RackResolver.init(conf);
    return host -> {
      String rack = org.apache.hadoop.yarn.util.RackResolver.resolve(host).getNetworkLocation();
      return rack == null || rack.equals(org.apache.hadoop.net.NetworkTopology.DEFAULT_RACK) ? null : rack;
    };
  }

  /** A launcher for this application's executors; {@code secret} authenticates RPC and shuffle fetches. */
  ExecutorLauncher create(io.spindle.config.Settings conf, byte[] secret) {
    int instances = YarnConfigs.executorInstances(conf);
    int cores = conf.get(YarnConfigs.EXECUTOR_CORES);
    long[] memory = ContainerSizes.executorMemoryMiB(conf);
    org.apache.hadoop.yarn.api.records.Resource max = am.maxContainer;
    if (max != null) { // settings made in code, which the client could not check: fail the driver saying which
      ContainerSizes.checkExecutorFits(conf, max.getMemorySize(), max.getVirtualCores());
    }
    Integer maxFailures = conf.get(YarnConfigs.EXECUTOR_MAX_FAILURES);
    ExecutorResources resources;
    try {
      resources = ExecutorResources.read(LaunchFiles.open(am.workDir, ExecutorResources.FILE_NAME));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + ExecutorResources.FILE_NAME + " from the AM's credentials or"
          + " working dir (written by spindle-submit; is the client older than the AM?)", e);
    }
    List<String> userClassPath = new ArrayList<>();
    userClassPath.add(am.spec.appJar());
    userClassPath.addAll(am.spec.userJars());
    List<String> javaOptions = new ArrayList<>();
    if (conf.get(SpindleConfigs.NETWORK_CRYPTO_ENABLED) || conf.get(SpindleConfigs.IO_ENCRYPTION_ENABLED)) {
      javaOptions.addAll(JvmOptions.ENCRYPTION_JIT); // before the user's, which win
    }
    javaOptions.addAll(JvmOptions.parse(conf.get(YarnConfigs.EXECUTOR_EXTRA_JAVA_OPTIONS)));
    ExecutorContainerSpec spec = new ExecutorContainerSpec(resources, userClassPath, conf.get(YarnConfigs.JAVA_HOME),
        memory[0], cores, conf.get(SpindleConfigs.EXECUTOR_MAIN_CLASS), am.applicationId, secret,
        javaOptions, conf.get(YarnConfigs.CLASS_DATA_SHARING));
    spec.userEnvironment(ContainerEnvironment.forExecutors(conf));
    ElasticConfigs.DynamicAllocationSettings dynamic = ElasticConfigs.dynamicAllocationBounds(conf);
    // As Spark: under dynamic allocation the failures allowed scale with maxExecutors.
    int failuresBase = dynamic == null ? instances : (int) Math.min(dynamic.maxExecutors(), 1_000_000);
    YarnExecutorLauncher launcher = new YarnExecutorLauncher(ContainerAllocator.of(am.rm, am.heartbeat),
        events -> ContainerStarter.nodeManagers(am.yarnConf, events),
        spec, Resource.newInstance(memory[1], cores), dynamic == null ? instances : dynamic.initialExecutors(),
        maxFailures != null ? maxFailures : Math.max(3, 2 * failuresBase), am::failApplication,
        clusterRacks(am.yarnConf), ApplicationMaster.HEARTBEAT_MS);
    launcher.lossReportTimeout(conf.get(YarnConfigs.EXECUTOR_LOSS_REPORT_TIMEOUT), () -> System.nanoTime() / 1_000_000);
    Long failuresValidity = conf.get(YarnConfigs.EXECUTOR_FAILURES_VALIDITY_INTERVAL);
    launcher.failuresValidityInterval(failuresValidity == null ? 0 : failuresValidity);
    String label = conf.get(YarnConfigs.EXECUTOR_NODE_LABEL_EXPRESSION);
    if (label != null && !label.isBlank()) {
      launcher.requireNodeLabel(label.trim());
    }
    if (conf.get(SpindleConfigs.EXCLUDE_ON_FAILURE_ENABLED)) {
      launcher.enableNodeExclusion(conf.get(SpindleConfigs.EXCLUDE_APP_MAX_FAILED_EXECUTORS_PER_NODE),
          conf.get(YarnConfigs.EXCLUDE_MAX_NODE_FRACTION), conf.get(SpindleConfigs.EXCLUDE_ON_FAILURE_TIMEOUT),
          () -> System.nanoTime() / 1_000_000);
    }
    launcher.logsOnNodeManagers(org.apache.hadoop.yarn.conf.YarnConfiguration.useHttps(am.yarnConf)
        ? "https://" : "http://", currentUser());
    if (dynamic != null) {
      launcher.enableDynamicAllocation(new DynamicAllocationPolicy(dynamic, cores, System::currentTimeMillis));
    }
    am.launcherCreated(launcher);
    return launcher;
  }

  /** The user the containers run as (the submitter), which the NodeManager's log URLs name. */
  private static String currentUser() {
    try {
      return org.apache.hadoop.security.UserGroupInformation.getCurrentUser().getShortUserName();
    } catch (java.io.IOException e) {
      return System.getProperty("user.name", "");
    }
  }
}
