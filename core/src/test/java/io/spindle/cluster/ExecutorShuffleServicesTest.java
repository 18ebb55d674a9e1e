package io.spindle.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A NodeManager restarted with its shuffle service on a new port: the executors registered at the old
 * address are retired once (no more tasks), others on the same host with the current port are not,
 * and an executor registered later (a replacement, which learned the new port) is not either.
 */
class ExecutorShuffleServicesTest {
  @Test
  void onlyExecutorsRegisteredAtTheLostAddressAreRetiredAndOnlyOnce() {
    ExecutorShuffleServices services = new ExecutorShuffleServices();
    services.registered("1", "nm-1:40001");
    services.registered("2", "nm-1:40001");
    services.registered("3", "nm-2:40002");
    services.registered("4", "nm-1:40777"); // another NodeManager on the same host (MiniYARNCluster)
    services.registered("5", null); // no shuffle service address (local-cluster)

    assertEquals(List.of("1", "2"), services.retireServedBy("nm-1", 40001));
    assertTrue(services.isRetiring("1") && services.isRetiring("2"));
    assertFalse(services.isRetiring("3") || services.isRetiring("4") || services.isRetiring("5"));
    assertEquals(List.of(), services.retireServedBy("nm-1", 40001), "each reducer's failure does not retire again");

    services.removed("1");
    services.registered("6", "nm-1:40999"); // the replacement learned the restarted service's port
    assertFalse(services.isRetiring("6"));
    assertFalse(services.isRetiring("1"), "a removed executor is forgotten");
    assertEquals(List.of(), services.retireServedBy("nm-1", 40002), "no executor there");
  }
}
