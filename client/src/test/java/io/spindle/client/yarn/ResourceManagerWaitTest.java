package io.spindle.client.yarn;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.util.Map;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The client gives up on an unreachable ResourceManager after {@code yarn.resourcemanager.connect.max-wait.ms}
 * (30 s unless set; here set to 3 s through {@code spindle.hadoop.*} to keep the test short), not
 * after a multiple of Hadoop's 30 s retry interval plus 10 connection retries per try (~51 s for 30 s
 * before the fix, ~10 s for 3 s). A real YarnClient against a closed port.
 */
class ResourceManagerWaitTest {
  private static final long WAIT_MS = 3_000;

  @Test
  @Timeout(60)
  void anUnreachableResourceManagerIsReportedAfterTheConfiguredWait() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    YarnConfiguration conf = HadoopConfs.load(Map.of(), Map.of(
        "spindle.hadoop.yarn.resourcemanager.address", "localhost:" + closedPort,
        "spindle.hadoop.yarn.resourcemanager.connect.max-wait.ms", Long.toString(WAIT_MS)));
    try (YarnClient yarn = YarnClient.createYarnClient()) {
      yarn.init(HadoopConfs.forResourceManager(conf));
      yarn.start();
      long start = System.nanoTime();
      assertThrows(Exception.class, yarn::getApplications);
      long elapsedMs = (System.nanoTime() - start) / 1_000_000;
      assertTrue(elapsedMs >= WAIT_MS - 1_000, "retried for the configured wait, not less: " + elapsedMs + " ms");
      assertTrue(elapsedMs <= WAIT_MS + 2_500, "gave up within the configured wait + slack: " + elapsedMs + " ms");
    }
  }

  @Test
  void theDefaultWaitIs30sAndSiteFilesStillWin() {
    YarnConfiguration rm = HadoopConfs.forResourceManager(HadoopConfs.load(Map.of(), Map.of()));
    assertTrue(rm.getLong(YarnConfiguration.RESOURCEMANAGER_CONNECT_MAX_WAIT_MS, 0) == 30_000);
    assertTrue(rm.getLong(YarnConfiguration.RESOURCEMANAGER_CONNECT_RETRY_INTERVAL_MS, 0) == 1_000);
    YarnConfiguration own = HadoopConfs.forResourceManager(HadoopConfs.load(Map.of(),
        Map.of("spindle.hadoop.yarn.resourcemanager.connect.retry-interval.ms", "5000")));
    assertTrue(own.getLong(YarnConfiguration.RESOURCEMANAGER_CONNECT_RETRY_INTERVAL_MS, 0) == 5_000);
  }
}
