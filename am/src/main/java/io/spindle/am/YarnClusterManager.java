package io.spindle.am;

import io.spindle.SpindleConf;
import io.spindle.cluster.BackendContext;
import io.spindle.cluster.ClusterBackend;
import io.spindle.cluster.ClusterDeployment;
import io.spindle.cluster.ClusterManager;
import io.spindle.cluster.LocalThreads;
import io.spindle.config.InvalidConfigException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Master {@code yarn} (registered in this module's META-INF/services): a driver inside the Spindle
 * ApplicationMaster, which it learns from the {@link AmServices} the AM installed in this JVM before
 * it ran the user's main. With {@code spindle.executor.instances > 0} (in the submitted
 * configuration) its tasks run in executor containers under YARN's application id
 * ({@link YarnExecutorLauncher}); with 0, on {@code spindle.yarn.am.cores} threads (default
 * {@code spindle.driver.cores}) inside the AM. Anywhere else {@code yarn} means "submit me", which
 * only spindle-submit can do.
 */
public final class YarnClusterManager implements ClusterManager {
  private final Supplier<AmServices> am;

  /** For {@link java.util.ServiceLoader}: the AM of this JVM, if it is one. */
  public YarnClusterManager() {
    this(AmServices::currentOrNull);
  }

  YarnClusterManager(Supplier<AmServices> am) {
    this.am = am;
  }

  @Override
  public boolean canCreate(String master) {
    return master.equals("yarn");
  }

  @Override
  public String masterSyntax() {
    return "yarn";
  }

  @Override
  public ClusterDeployment deploy(String master, io.spindle.config.Settings conf) {
    AmServices services = am.get();
    if (services == null) {
      throw new InvalidConfigException("Master 'yarn' is for applications submitted with "
          + "bin/spindle-submit --master yarn, which runs the driver in the YARN ApplicationMaster. "
          + "To run inside this JVM, use local[N].");
    }
    SpindleConf submitted = new SpindleConf(false);
    services.spec.conf().forEach(submitted::set);
    // The YARN attempt number names the event log (<appId>_<attempt>, as Spark on YARN) and is the
    // application-start event's "App Attempt ID", so a history server lists each attempt.
    // Outside a YARN container (tests that install AmServices by hand) there is no attempt.
    String attempt = System.getenv(org.apache.hadoop.yarn.api.ApplicationConstants.Environment.CONTAINER_ID.name())
        == null ? null : String.valueOf(ApplicationMaster.attemptNumber());
    if (!YarnConfigs.tasksRunInAm(submitted)) {
      return new InContainers(services, attempt, applicationSecret());
    }
    LocalThreads threads = new LocalThreads(YarnConfigs.amTaskThreads(submitted), true);
    return attempt == null ? threads : new InAm(threads, attempt);
  }

  /**
   * Tasks in the AM's own JVM (no executors): local threads, named by the YARN attempt. The secret is
   * read only when asked for (it keys spindle.io.encryption.enabled's files; nothing else needs it here).
   */
  private record InAm(LocalThreads threads, String attempt) implements ClusterDeployment {
    @Override
    public Optional<String> attemptId() {
      return Optional.of(attempt);
    }

    @Override
    public Optional<byte[]> applicationSecret() {
      return Optional.of(YarnClusterManager.applicationSecret());
    }

    @Override
    public boolean logsSchedulerEvents() {
      return threads.logsSchedulerEvents();
    }

    @Override
    public io.spindle.scheduler.SchedulerBackend createBackend(BackendContext context) {
      return threads.createBackend(context);
    }
  }

  /** Executors in YARN containers, served by a {@link ClusterBackend} listening on the AM's host. */
  private record InContainers(AmServices am, String attempt, byte[] secret) implements ClusterDeployment {
    @Override
    public Optional<String> applicationId() {
      return Optional.of(am.applicationId); // executors and shuffle services know the application by it
    }

    @Override
    public Optional<String> attemptId() {
      return Optional.ofNullable(attempt);
    }

    @Override
    public Optional<byte[]> applicationSecret() {
      return Optional.of(secret.clone());
    }

    @Override
    public boolean logsSchedulerEvents() {
      return true;
    }

    @Override
    public ClusterBackend createBackend(BackendContext context) {
      ClusterBackend backend = ClusterBackend.create(context, am.host, secret,
          secret -> new YarnExecutorLauncherFactory(am).create(context.conf(), secret));
      am.tokenSink = backend::updateCredentials; // renewed delegation tokens reach the executors through it
      return backend;
    }
  }

  /**
   * The application's secret from the AM's credentials: the same in every AM attempt, so executors
   * and reducers of a restarted driver authenticate to shuffle services that only ever heard the
   * first attempt's service data. A fresh one where there is none (an AM started by hand in a test).
   */
  private static byte[] applicationSecret() {
    try {
      return AppSecret.fromCurrentUser();
    } catch (java.io.IOException | RuntimeException e) {
      return io.spindle.rpc.RpcProtocol.newSecret();
    }
  }
}
