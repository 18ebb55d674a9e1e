package io.spindle;

import io.spindle.function.SpindleException;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** An executor that cannot start fails the context's construction at once, with its log. */
class LocalClusterStartupTest {
  @Test
  void missingExecutorMainClassFailsFastWithTheExecutorsLog() {
    long start = System.nanoTime();
    SpindleException e = assertThrows(SpindleException.class, () -> new SpindleContext(new SpindleConf(false)
        .setMaster("local-cluster[1,1,128]").set("spindle.executor.mainClass", "no.such.ExecutorMain")));
    assertTrue(e.getMessage().contains("exited before registering"), e.getMessage());
    assertTrue(e.getMessage().contains("no.such.ExecutorMain"), e.getMessage()); // the JVM's own error, from the log
    assertTrue(System.nanoTime() - start < 30_000_000_000L, "failed fast, not after the registration timeout");
  }
}
