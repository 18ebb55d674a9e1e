package io.spindle.am;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.Priority;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.Token;
import org.apache.hadoop.yarn.client.api.NMTokenCache;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The AM's teardown does not wait on a NodeManager that does not answer. The "NodeManager" is a real
 * socket that accepts connections and never replies (a hung or partitioned node); the client is
 * Hadoop's NMClientAsync, configured to retry for 3 minutes as by default.
 */
class BoundedStopStarterTest {
  private static final ContainerId CONTAINER = ContainerId.fromString("container_1700000000000_0001_01_000002");

  @Test
  @Timeout(60)
  void stopReturnsWithinItsBoundWhenTheNodeManagerNeverAnswers() throws Exception {
    List<Socket> accepted = new CopyOnWriteArrayList<>();
    try (ServerSocket silent = new ServerSocket(0)) {
      Thread acceptor = new Thread(() -> {
        try {
          while (true) {
            accepted.add(silent.accept()); // held open, never read or answered
          }
        } catch (Exception e) {
          // closed
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      NodeId node = NodeId.newInstance("localhost", silent.getLocalPort());
      NMTokenCache.getSingleton().setToken(node.toString(),
          Token.newInstance(new byte[] {1, 2, 3}, "NMToken", new byte[] {4, 5}, node.toString()));
      YarnConfiguration conf = new YarnConfiguration();
      conf.setLong(YarnConfiguration.CLIENT_NM_CONNECT_MAX_WAIT_MS, 180_000);
      List<String> events = new CopyOnWriteArrayList<>();
      BoundedStopStarter nm = new BoundedStopStarter(conf, new ContainerStarter.Events() {
        @Override
        public void started(ContainerId id, Map<String, ByteBuffer> serviceData) {
          events.add("started " + id);
        }

        @Override
        public void startFailed(ContainerId id, Throwable error) {
          events.add("failed " + id);
        }
      }, 1_000);
      Container container = Container.newInstance(CONTAINER, node, "localhost:0", Resource.newInstance(512, 1),
          Priority.newInstance(1), null);
      nm.startContainer(container, ContainerLaunchContext.newInstance(Map.of(), Map.of(), List.of("true"), null,
          null, null));
      assertEquals(1, nm.running());
      long start = System.nanoTime();
      nm.stop();
      long ms = (System.nanoTime() - start) / 1_000_000;
      assertTrue(ms < 2 * 1_000 + 1_500, "stop() waited " + ms + " ms for a NodeManager that never answers");
      for (Socket s : accepted) {
        s.close();
      }
    }
  }

  @Test
  void aContainerReportedCompleteIsNotStoppedAgain() throws Exception {
    BoundedStopStarter nm = new BoundedStopStarter(new YarnConfiguration(), new ContainerStarter.Events() {
      @Override
      public void started(ContainerId id, Map<String, ByteBuffer> serviceData) {}

      @Override
      public void startFailed(ContainerId id, Throwable error) {}
    }, 1_000);
    try (ServerSocket silent = new ServerSocket(0)) {
      NodeId node = NodeId.newInstance("localhost", silent.getLocalPort());
      nm.startContainer(Container.newInstance(CONTAINER, node, "localhost:0", Resource.newInstance(512, 1),
          Priority.newInstance(1), null), ContainerLaunchContext.newInstance(Map.of(), Map.of(), List.of("true"),
          null, null, null));
      nm.completed(CONTAINER); // the ResourceManager said: lost with its node (-100)
      assertEquals(0, nm.running());
      nm.stop();
      assertEquals(java.util.Set.of(), nm.stopsRequested(), "nothing asked of the NodeManager, nothing waited for");
    }
  }
}
