package io.spindle;

import io.spindle.config.SpindleConfigs;
import io.spindle.function.SpindleException;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** An executor that cannot start fails the context's construction at once, with its log. */
class LocalClusterStartupTest {
  /**
   * "At once" without a clock: the registration timeout is ten minutes, the test's own limit one, so
   * a context that waited for the timeout instead of noticing the executor's exit fails the test.
   */
  @Test
  @Timeout(60)
  void missingExecutorMainClassFailsFastWithTheExecutorsLog() {
    SpindleException e = assertThrows(SpindleException.class, () -> new SpindleContext(new SpindleConf(false)
        .setMaster("local-cluster[1,1,128]").set("spindle.executor.mainClass", "no.such.ExecutorMain")
        .set(SpindleConfigs.EXECUTOR_REGISTRATION_TIMEOUT_MS.key(), "600000")));
    assertTrue(e.getMessage().contains("exited before registering"), e.getMessage());
    assertTrue(e.getMessage().contains("no.such.ExecutorMain"), e.getMessage()); // the JVM's own error, from the log
  }
}
