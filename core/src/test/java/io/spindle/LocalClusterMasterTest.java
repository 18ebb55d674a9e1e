package io.spindle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.cluster.LocalClusterManager;
import io.spindle.config.InvalidConfigException;
import org.junit.jupiter.api.Test;

/** Parsing of the {@code local-cluster[N,cores,memoryMiB]} master. */
class LocalClusterMasterTest {
  @Test
  void parsesExecutorsCoresAndMemory() {
    LocalClusterManager.Spec m = LocalClusterManager.parse("local-cluster[2, 3,512]");
    assertEquals(new LocalClusterManager.Spec(2, 3, 512), m);
    assertEquals(6, m.totalCores());
  }

  @Test
  void localMastersHaveNoCluster() {
    assertFalse(new LocalClusterManager().canCreate("local[2]"));
  }

  @Test
  void malformedLocalClusterNamesTheExpectedForm() {
    for (String bad : new String[] {"local-cluster[2,1]", "local-cluster[0,1,512]", "local-cluster[2,1,10]"}) {
      assertTrue(new LocalClusterManager().canCreate(bad), bad);
      InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> LocalClusterManager.parse(bad));
      assertTrue(e.getMessage().contains("local-cluster[N,cores,memoryMiB]")
          || e.getMessage().contains("at least"), e.getMessage());
    }
  }
}
