package io.spindle.am;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.yarn.api.ApplicationConstants;
import org.apache.hadoop.yarn.api.ApplicationConstants.Environment;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerStatus;
import org.apache.hadoop.yarn.api.records.NodeReport;
import org.apache.hadoop.yarn.api.records.UpdatedContainer;
import org.apache.hadoop.yarn.client.api.AMRMClient.ContainerRequest;
import org.apache.hadoop.yarn.client.api.async.AMRMClientAsync;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Spindle ApplicationMaster: registers with the ResourceManager, runs the user's main as the
 * driver (its tasks in executor containers, or on threads here with spindle.executor.instances=0), reports the driver's
 * progress with every heartbeat, and unregisters with SUCCEEDED or FAILED and the user's
 * exception as diagnostics. At unregister it removes the application's staging dir.
 *
 * <p>Started by spindle-submit's launch context in the container's working dir, which holds the
 * launch spec, the application jar and the client's Hadoop configuration (as core-, hdfs- and
 * yarn-site.xml; the working dir is first on the classpath).
 */
public final class ApplicationMaster {
  private static final Logger LOG = LoggerFactory.getLogger(ApplicationMaster.class);
  static final int HEARTBEAT_MS = 1000;

  private ApplicationMaster() {}

  public static void main(String[] args) {
    int code;
    try {
      Path workDir = Paths.get("").toAbsolutePath();
      // Hadoop's login (first used to read the launch spec from the credentials) set up from the configuration
      // the AM parses anyway: left to itself it parses Hadoop's XML into one of its own (docs/benchmarks.md).
      YarnConfiguration conf = new YarnConfiguration();
      org.apache.hadoop.security.UserGroupInformation.setConfiguration(conf);
      AmLaunchSpec spec = AmLaunchSpec.read(LaunchFiles.open(workDir, AmLaunchSpec.FILE_NAME));
      // The user's main reads its configuration with new SpindleConf(), from the JVM's spindle.* system
      // properties (as in local mode); set here, in the entry point, before anything reads them.
      UserDriver.driverSystemProperties(spec, System.getenv(Environment.LOCAL_DIRS.name()), attemptNumber())
          .forEach(System::setProperty);
      code = run(workDir, spec, conf);
    } catch (Throwable t) {
      LOG.error("The ApplicationMaster failed", t);
      code = 1;
    }
    // The user's main may leave non-daemon threads behind; the AM's work is done.
    System.exit(code);
  }

  /** This AM's attempt number (1, 2, ...), from the container id YARN gave it; 1 outside a container. */
  static int attemptNumber() {
    String container = System.getenv(Environment.CONTAINER_ID.name());
    return container == null ? 1
        : org.apache.hadoop.yarn.api.records.ContainerId.fromString(container).getApplicationAttemptId().getAttemptId();
  }

  static int run(Path workDir, AmLaunchSpec spec, YarnConfiguration conf) throws Exception {
    byte[] secret = AppSecret.fromCurrentUser();
    LOG.info("Application secret received ({} bytes); running {} as the driver", secret.length, spec.mainClass());
    // The driver's first job lists its input and checks its output: load the HDFS client while registering.
    io.spindle.io.FileSystemWarmup.start(conf);

    String host = System.getenv(Environment.NM_HOST.name());
    org.apache.hadoop.yarn.api.records.ApplicationAttemptId attempt = org.apache.hadoop.yarn.api.records.ContainerId
        .fromString(System.getenv(Environment.CONTAINER_ID.name())).getApplicationAttemptId();
    String appId = attempt.getApplicationId().toString();
    // The status UI's URL is the tracking URL given at registration, even if the user's main never creates a
    // context; its Jetty starts on a thread of its own while the RM client below is set up (both mostly load classes).
    java.util.concurrent.FutureTask<String> trackingUrl = startStatusUi(spec, host, appId, new YarnConfiguration(conf));

    // Fast at first: the driver's first job asks for executors soon after registration (HeartbeatPace).
    AMRMClientAsync<ContainerRequest> rm = AMRMClientAsync.createAMRMClientAsync(
        new TimedAmRmClient(AmTimeline.INSTANCE), HeartbeatPace.initialMs(), new Heartbeat()); // logs the Timeline: line
    HeartbeatPace heartbeat = new HeartbeatPace(rm::setHeartbeatInterval, HEARTBEAT_MS);
    rm.init(conf);
    rm.start();
    org.apache.hadoop.yarn.api.records.Resource maxContainer = rm.registerApplicationMaster(host != null ? host : "",
        0, await(trackingUrl)).getMaximumResourceCapability();
    heartbeat.startWindow(HeartbeatPace.STARTUP_WINDOW_MS);

    // The live UI dies with the AM; the history server (if configured) shows the application afterwards.
    String finalUrl = HistoryTrackingUrl.of(spec.conf().get(YarnConfigs.HISTORY_SERVER_ADDRESS.key()), appId);
    Unregistration unregistration = new Unregistration((status, diagnostics) -> {
      rm.unregisterApplicationMaster(status, diagnostics, finalUrl);
      removeStagingDir(conf, spec.stagingDir());
    });
    // A malformed setting is deterministic: unregister FAILED at once, with the key named, rather than
    // die on another thread and have YARN retry the same error (the client checks the same before staging).
    DriverOutcome outcome = settingsOutcome(spec);
    if (outcome == null) {
      AmTokenRenewer tokens = null;
      CachedFilesInUse cachedFiles = null;
      try {
        Runtime.getRuntime().addShutdownHook(
            unregistration.exitHook(attempt.getAttemptId() >= maxAttempts(spec, conf)));
        // Outputs attempt 1 left half-written (its AM was killed) are removed before the main runs again.
        OutputJournal.cleanUncommitted(conf, spec.stagingDir());
        // AM-restart recovery: map stages and outputs earlier attempts finished are not done again.
        boolean recovery = recoveryEnabled(spec, conf);
        OutputJournal.install(conf, spec.stagingDir(), recovery);
        if (recovery) {
          StageJournal.install(conf, spec.stagingDir(), attempt.getAttemptId());
        }
        // What the driver's SpindleContext gets from the AM (YarnClusterManager reads it).
        AmServices services = new AmServices(rm, heartbeat, conf, appId, host != null ? host : "localhost", spec, workDir);
        services.maxContainer = maxContainer;
        AmServices.install(services);
        // Kerberos: with the shipped keytab, fresh delegation tokens before the old ones expire (docs/security.md).
        tokens = AmTokenRenewer.start(conf, spec, workDir, credentials -> {
          java.util.function.ToIntFunction<byte[]> sink = services.tokenSink;
          return sink == null ? 0 : sink.applyAsInt(credentials);
        });
        // Clients remove cached files unused for long; this application's later containers need its own.
        cachedFiles = CachedFilesInUse.start(conf, workDir);
        UserDriver driver = new UserDriver(spec, workDir);
        outcome = tokens.explain(driver.run());
      } catch (RuntimeException | Error e) { // the AM's own code, registered: say why instead of a bare exit
        outcome = DriverOutcome.failed(ApplicationMaster.class.getName(), e);
      } finally {
        if (tokens != null) {
          tokens.close();
        }
        if (cachedFiles != null) {
          cachedFiles.close();
        }
      }
    }
    LOG.info("Driver ended: {} after {} task attempts ({} succeeded){}", outcome.status(),
        DriverProgress.INSTANCE.endedAttempts(), DriverProgress.INSTANCE.finishedTasks(),
        outcome.isSuccess() ? "" : "\n" + outcome.diagnostics());

    unregistration.unregister(outcome.status(), outcome.diagnostics());
    if (outcome.isSuccess()) { // unregistered: the client is told, this does not hold it up
      String cds = io.spindle.cluster.ClassDataArchive.atOrderlyEnd();
      if (cds != null) {
        LOG.info(cds);
      }
    }
    rm.stop();
    AmStatusUi.stop();
    return outcome.isSuccess() ? 0 : 1;
  }

  /** Starts {@link AmStatusUi} on a thread of its own; the task's result is the tracking URL ("" without a UI). */
  private static java.util.concurrent.FutureTask<String> startStatusUi(AmLaunchSpec spec, String host, String appId,
      YarnConfiguration conf) {
    java.util.concurrent.FutureTask<String> start = new java.util.concurrent.FutureTask<>(() -> AmStatusUi.start(
        spec.conf(), host != null ? host : "localhost", appId, conf,
        System.getenv(ApplicationConstants.APPLICATION_WEB_PROXY_BASE_ENV)));
    Thread t = new Thread(start, "spindle-ui-start");
    t.setDaemon(true);
    t.start();
    return start;
  }

  /** The task's result; what it threw is thrown here, as if it had run on this thread. */
  private static <T> T await(java.util.concurrent.FutureTask<T> task) throws Exception {
    try {
      return task.get();
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Exception ex) {
        throw ex;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }

  /** Null when the submitted settings pass {@link YarnSettingsCheck}, else the FAILED outcome naming the key. */
  static DriverOutcome settingsOutcome(AmLaunchSpec spec) {
    io.spindle.SpindleConf submitted = new io.spindle.SpindleConf(false);
    spec.conf().forEach(submitted::set);
    try {
      YarnSettingsCheck.check(submitted);
      return null;
    } catch (io.spindle.config.InvalidConfigException e) {
      return DriverOutcome.invalidConfiguration(e);
    }
  }

  /** Journaling finished map stages is only worth it when another attempt may read the journal. */
  static boolean recoveryEnabled(AmLaunchSpec spec, YarnConfiguration conf) {
    String enabled = spec.conf().get(RecoveryConfigs.RECOVERY_ENABLED.key());
    boolean on = enabled == null || enabled.isBlank() || Boolean.parseBoolean(enabled.trim());
    return on && maxAttempts(spec, conf) > 1;
  }

  /** The application's AM attempts: --max-app-attempts if given, else the ResourceManager's maximum. */
  static int maxAttempts(AmLaunchSpec spec, YarnConfiguration conf) {
    String configured = spec.conf().get(YarnConfigs.MAX_APP_ATTEMPTS.key());
    if (configured != null && !configured.isBlank()) {
      return Integer.parseInt(configured.trim());
    }
    return conf.getInt(YarnConfiguration.RM_AM_MAX_ATTEMPTS, YarnConfiguration.DEFAULT_RM_AM_MAX_ATTEMPTS);
  }

  static void removeStagingDir(YarnConfiguration conf, String dir) {
    if (dir == null || dir.isEmpty()) {
      return;
    }
    // An output a job was still writing (the AM is failing the application under it) goes first:
    // the journal that names it is in the staging dir.
    OutputJournal.cleanUncommitted(conf, dir);
    try {
      org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(dir);
      FileSystem fs = path.getFileSystem(conf);
      fs.delete(path, true);
    } catch (Exception e) {
      LOG.warn("Could not remove the staging dir {}: {}", dir, e.toString());
    }
  }

  /** Heartbeat callbacks: progress out; container events to the executor launcher (via AmServices). */
  private static final class Heartbeat extends AMRMClientAsync.AbstractCallbackHandler {
    @Override
    public float getProgress() {
      return DriverProgress.INSTANCE.fraction();
    }

    @Override
    public void onShutdownRequest() {
      LOG.warn("The ResourceManager asked this ApplicationMaster to shut down");
    }

    @Override
    public void onError(Throwable e) {
      LOG.error("Lost the ResourceManager; exiting", e);
      Runtime.getRuntime().halt(1);
    }

    @Override
    public void onContainersCompleted(List<ContainerStatus> statuses) {
      AmServices am = AmServices.currentOrNull();
      if (am != null) {
        am.onContainersCompleted(statuses);
      }
    }

    @Override
    public void onContainersAllocated(List<Container> containers) {
      AmServices am = AmServices.currentOrNull();
      if (am != null) {
        am.onContainersAllocated(containers);
      }
    }

    @Override
    public void onContainersUpdated(List<UpdatedContainer> containers) {}

    @Override
    public void onNodesUpdated(List<NodeReport> updatedNodes) {}
  }
}
