package io.spindle;

import io.spindle.function.SpindleException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.cluster.ClusterBackend;
import io.spindle.cluster.ClusterManagers;
import io.spindle.cluster.ExecutorLauncher;
import io.spindle.config.InvalidConfigException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seam through which a cluster (YARN's AM) gives a driver its executors: the
 * {@link io.spindle.cluster.ClusterManager} registered for the master supplies the application id,
 * the driver's host and the launcher of a {@link ClusterBackend}.
 */
class ClusterManagerSeamTest {
  static final List<String> LAUNCHES = new ArrayList<>();

  /** A launcher that starts nothing and expects no executor (the backend then does not wait). */
  public static final class NoExecutorsFactory implements TestLauncherClusterManager.Factory {
    @Override
    public String applicationId() {
      return "application_1700000000000_0042";
    }

    @Override
    public String driverHost() {
      return "127.0.0.1";
    }

    @Override
    public ExecutorLauncher create(io.spindle.config.Settings conf, byte[] secret) {
      return new ExecutorLauncher() {
        @Override
        public void launch(String driverHost, int driverPort) {
          LAUNCHES.add(driverHost + ":" + (driverPort > 0) + ":" + secret.length);
        }

        @Override
        public String diagnostics() {
          return "";
        }

        @Override
        public void close() {}
      };
    }
  }

  @Test
  void aClusterManagersDeploymentRunsAClusterBackendUnderItsApplicationId() {
    LAUNCHES.clear();
    String master = TestLauncherClusterManager.master(NoExecutorsFactory.class);
    try (SpindleContext ctx = new SpindleContext(new SpindleConf(false).setMaster(master))) {
      assertEquals("application_1700000000000_0042", ctx.applicationId());
      assertInstanceOf(ClusterBackend.class, ctx.schedulerBackend());
      assertEquals("application_1700000000000_0042", ((ClusterBackend) ctx.schedulerBackend()).applicationId());
    }
    assertEquals(List.of("127.0.0.1:true:32"), LAUNCHES);
  }

  @Test
  void anUnknownMasterListsTheMastersOfTheRegisteredManagers() {
    InvalidConfigException e = assertThrows(InvalidConfigException.class,
        () -> new SpindleContext(new SpindleConf(false).setMaster("locale[2]")).close());
    assertTrue(e.getMessage().startsWith("Unknown master 'locale[2]': expected local, local[N] or local[*] "
        + "(N = number of task threads), local-cluster[N,cores,memoryMiB] (N executor JVMs on this machine), "), e.getMessage());
    assertTrue(e.getMessage().contains(TestLauncherClusterManager.PREFIX), e.getMessage());
  }

  @Test
  void aRegistrationThatIsNotAClusterManagerIsReportedWithTheServicesFile(@TempDir Path dir) throws Exception {
    Path services = dir.resolve(ClusterManagers.SERVICES_FILE);
    Files.createDirectories(services.getParent());
    Files.writeString(services, SpindleConf.class.getName() + "\n"); // a class, but not a ClusterManager
    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, previous)) {
      Thread.currentThread().setContextClassLoader(loader);
      SpindleException e = assertThrows(SpindleException.class,
          () -> new SpindleContext(new SpindleConf(false).setMaster("local[1]")).close());
      assertTrue(e.getMessage().contains(ClusterManagers.SERVICES_FILE), e.getMessage());
    } finally {
      Thread.currentThread().setContextClassLoader(previous);
    }
  }
}
