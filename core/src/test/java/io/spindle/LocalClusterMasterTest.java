package io.spindle;

import io.spindle.cluster.Master;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.config.InvalidConfigException;
import org.junit.jupiter.api.Test;

/** Parsing of the {@code local-cluster[N,cores,memoryMiB]} master. */
class LocalClusterMasterTest {
  @Test
  void parsesExecutorsCoresAndMemory() {
    Master m = Master.parse("local-cluster[2, 3,512]");
    assertEquals(new Master.LocalClusterSpec(2, 3, 512), m.localCluster());
    assertEquals(6, m.localThreads());
  }

  @Test
  void localMastersHaveNoCluster() {
    assertNull(Master.parse("local[2]").localCluster());
  }

  @Test
  void malformedLocalClusterNamesTheExpectedForm() {
    for (String bad : new String[] {"local-cluster[2,1]", "local-cluster[0,1,512]", "local-cluster[2,1,10]"}) {
      InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> Master.parse(bad));
      assertTrue(e.getMessage().contains("local-cluster[N,cores,memoryMiB]")
          || e.getMessage().contains("at least"), e.getMessage());
    }
  }
}
