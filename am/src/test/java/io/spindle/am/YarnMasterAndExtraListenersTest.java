package io.spindle.am;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.ContextInternals;
import io.spindle.SpindleConf;
import io.spindle.SpindleContext;
import io.spindle.function.SpindleListener;
import io.spindle.cluster.LocalThreads;
import io.spindle.config.InvalidConfigException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The two hooks of YARN mode: master {@code yarn} inside the AM (the {@link YarnClusterManager}
 * that core finds through ServiceLoader, reading the AM's {@link AmServices}), and spindle.extraListeners.
 */
class YarnMasterAndExtraListenersTest {
  static final AtomicInteger TASKS_SEEN = new AtomicInteger();

  /** Instantiated by name through spindle.extraListeners. */
  public static final class CountingListener implements SpindleListener {
    @Override
    public void onTaskEnd(TaskInfo task) {
      TASKS_SEEN.incrementAndGet();
    }
  }

  /** An AM of this JVM whose submitted configuration is {@code conf} (no RM client: no executors asked for). */
  private static AmServices amWith(Map<String, String> conf) {
    AmLaunchSpec spec = new AmLaunchSpec("com.example.Main", AmLaunchSpec.APP_JAR, List.of(), List.of(), "", conf);
    return new AmServices(null, null, "application_1700000000000_0042", "localhost", spec, Path.of("."));
  }

  @AfterEach
  void leaveTheAm() {
    AmServices.install(null);
  }

  @Test
  void yarnOutsideTheApplicationMasterPointsAtSpindleSubmit() {
    InvalidConfigException e = assertThrows(InvalidConfigException.class,
        () -> new SpindleContext(new SpindleConf(false).setMaster("yarn")).close());
    assertTrue(e.getMessage().contains("spindle-submit --master yarn"), e.getMessage());
  }

  @Test
  void yarnInsideTheApplicationMasterRunsAmCoresThreads() {
    SpindleConf conf = new SpindleConf(false).setMaster("yarn");
    AmServices am = amWith(Map.of("spindle.executor.instances", "0", "spindle.yarn.am.cores", "3"));
    assertEquals(new LocalThreads(3, true), new YarnClusterManager(() -> am).deploy("yarn", conf));
    AmServices zero = amWith(Map.of("spindle.executor.instances", "0", "spindle.yarn.am.cores", "0"));
    assertThrows(InvalidConfigException.class, () -> new YarnClusterManager(() -> zero).deploy("yarn", conf));
  }

  @Test
  void withoutExecutorsYarnKeepsTheTasksOnAmThreads() {
    AmServices.install(amWith(Map.of("spindle.executor.instances", "0", "spindle.yarn.am.cores", "2")));
    try (SpindleContext ctx = new SpindleContext(new SpindleConf(false).setMaster("yarn"))) {
      assertInstanceOf(io.spindle.executor.LocalBackend.class, ContextInternals.backend(ctx));
      assertEquals(3L, ctx.parallelize(List.of(1, 2, 3), 2).count());
    }
  }

  @Test
  void extraListenersSeeEveryTaskOfTheContext() {
    TASKS_SEEN.set(0);
    SpindleConf conf = new SpindleConf(false).setMaster("local[2]")
        .set("spindle.extraListeners", CountingListener.class.getName());
    try (SpindleContext ctx = new SpindleContext(conf)) {
      assertEquals(5L, ctx.parallelize(List.of(1, 2, 3, 4, 5), 5).count());
    }
    assertEquals(5, TASKS_SEEN.get());
  }

  @Test
  void anExtraListenerThatIsNotAListenerIsAConfigError() {
    SpindleConf conf = new SpindleConf(false).setMaster("local[1]").set("spindle.extraListeners", "java.lang.String");
    InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> new SpindleContext(conf).close());
    assertTrue(e.getMessage().contains("java.lang.String"), e.getMessage());
  }

  @Test
  void theAmsListenersComeFirstAndTheContainersDirsHoldTheShuffleFiles() {
    AmLaunchSpec spec = new AmLaunchSpec("com.example.Main", AmLaunchSpec.APP_JAR, List.of(), List.of(), "",
        Map.of("spindle.app.name", "wc", "spindle.extraListeners", "com.example.Mine"));
    Map<String, String> properties = UserDriver.driverSystemProperties(spec, "/nm/a,/nm/b");
    assertEquals(Map.of("spindle.app.name", "wc",
        "spindle.extraListeners", DriverProgressListener.class.getName() + "," + TimelineListener.class.getName()
            + ",com.example.Mine",
        "spindle.local.dir", "/nm/a,/nm/b"), properties);
  }
}
