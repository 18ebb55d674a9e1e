package io.spindle;

import io.spindle.cluster.Master;
import io.spindle.function.SpindleException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.cluster.ClusterBackend;
import io.spindle.cluster.ExecutorLauncher;
import io.spindle.cluster.ExecutorLauncherFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The hook through which the YARN AM gives a {@code yarn} driver its executors: the factory named
 * by {@value ExecutorLauncherFactory#PROPERTY} supplies the application id, the driver's host and
 * the launcher of a {@link ClusterBackend}; without the property, {@code yarn} stays on AM threads.
 */
class ExecutorLauncherFactoryHookTest {
  static final List<String> LAUNCHES = new ArrayList<>();

  /** A launcher that starts nothing and expects no executor (the backend then does not wait). */
  public static final class NoExecutorsFactory implements ExecutorLauncherFactory {
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

  @AfterEach
  void clearProperties() {
    System.clearProperty(Master.IN_APPLICATION_MASTER);
    System.clearProperty(Master.AM_CORES);
    System.clearProperty(ExecutorLauncherFactory.PROPERTY);
  }

  @Test
  void aYarnDriverWithTheFactoryPropertyRunsAClusterBackendUnderYarnsApplicationId() {
    LAUNCHES.clear();
    System.setProperty(Master.IN_APPLICATION_MASTER, "true");
    System.setProperty(ExecutorLauncherFactory.PROPERTY, NoExecutorsFactory.class.getName());
    try (SpindleContext ctx = new SpindleContext(new SpindleConf(false).setMaster("yarn"))) {
      assertEquals("application_1700000000000_0042", ctx.applicationId());
      assertInstanceOf(ClusterBackend.class, ctx.schedulerBackend());
      assertEquals("application_1700000000000_0042", ((ClusterBackend) ctx.schedulerBackend()).applicationId());
    }
    assertEquals(List.of("127.0.0.1:true:32"), LAUNCHES);
  }

  @Test
  void withoutThePropertyYarnKeepsTheTasksOnAmThreads() {
    System.setProperty(Master.IN_APPLICATION_MASTER, "true");
    System.setProperty(Master.AM_CORES, "2");
    try (SpindleContext ctx = new SpindleContext(new SpindleConf(false).setMaster("yarn"))) {
      assertInstanceOf(io.spindle.executor.LocalBackend.class, ctx.schedulerBackend());
      assertEquals(3L, ctx.parallelize(List.of(1, 2, 3), 2).count());
    }
  }

  @Test
  void aFactoryThatIsNotOneIsReportedWithThePropertyName() {
    System.setProperty(Master.IN_APPLICATION_MASTER, "true");
    System.setProperty(ExecutorLauncherFactory.PROPERTY, "java.lang.String");
    SpindleException e = assertThrows(SpindleException.class,
        () -> new SpindleContext(new SpindleConf(false).setMaster("yarn")).close());
    assertTrue(e.getMessage().contains(ExecutorLauncherFactory.PROPERTY), e.getMessage());
  }
}
