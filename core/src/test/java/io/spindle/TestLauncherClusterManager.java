package io.spindle;

import io.spindle.cluster.BackendContext;
import io.spindle.cluster.ClusterBackend;
import io.spindle.cluster.ClusterDeployment;
import io.spindle.cluster.ClusterManager;
import io.spindle.cluster.ExecutorLauncher;
import io.spindle.config.InvalidConfigException;
import java.util.Optional;

/**
 * A cluster manager of core's tests (registered in the test resources' META-INF/services): master
 * {@code test-launcher:<class>} runs a {@link ClusterBackend} with the application id, driver host
 * and executor launcher of the named {@link Factory}, as a cluster's manager (YARN's) would.
 */
public final class TestLauncherClusterManager implements ClusterManager {
  static final String PREFIX = "test-launcher:";

  /** What a test supplies: public, with a no-arg constructor. */
  public interface Factory {
    String applicationId();

    String driverHost();

    ExecutorLauncher create(io.spindle.config.Settings conf, byte[] secret);
  }

  @Override
  public boolean canCreate(String master) {
    return master.startsWith(PREFIX);
  }

  @Override
  public String masterSyntax() {
    return PREFIX + "<factory class> (core's tests)";
  }

  @Override
  public ClusterDeployment deploy(String master, io.spindle.config.Settings conf) {
    Factory factory;
    try {
      factory = (Factory) Class.forName(master.substring(PREFIX.length())).getConstructor().newInstance();
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new InvalidConfigException("Not a factory: " + master);
    }
    return new ClusterDeployment() {
      @Override
      public Optional<String> applicationId() {
        return Optional.of(factory.applicationId());
      }

      @Override
      public boolean logsSchedulerEvents() {
        return true;
      }

      @Override
      public ClusterBackend createBackend(BackendContext context) {
        return ClusterBackend.create(context, factory.driverHost(), secret -> factory.create(context.conf(), secret));
      }
    };
  }

  static String master(Class<? extends Factory> factory) {
    return PREFIX + factory.getName();
  }
}
