package io.spindle;

import io.spindle.cluster.Master;
import io.spindle.function.SpindleListener;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.config.InvalidConfigException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The two core hooks of YARN mode: master {@code yarn} inside the AM, and spindle.extraListeners. */
class YarnMasterAndExtraListenersTest {
  static final AtomicInteger TASKS_SEEN = new AtomicInteger();

  /** Instantiated by name through spindle.extraListeners. */
  public static final class CountingListener implements SpindleListener {
    @Override
    public void onTaskEnd(TaskInfo task) {
      TASKS_SEEN.incrementAndGet();
    }
  }

  @AfterEach
  void clearProperties() {
    System.clearProperty(Master.IN_APPLICATION_MASTER);
    System.clearProperty(Master.AM_CORES);
  }

  @Test
  void yarnOutsideTheApplicationMasterPointsAtSpindleSubmit() {
    InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> Master.parse("yarn"));
    assertTrue(e.getMessage().contains("spindle-submit --master yarn"), e.getMessage());
  }

  @Test
  void yarnInsideTheApplicationMasterRunsAmCoresThreads() {
    System.setProperty(Master.IN_APPLICATION_MASTER, "true");
    System.setProperty(Master.AM_CORES, "3");
    assertEquals(new Master("yarn", 3), Master.parse("yarn"));
    System.setProperty(Master.AM_CORES, "0");
    assertThrows(InvalidConfigException.class, () -> Master.parse("yarn"));
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
}
