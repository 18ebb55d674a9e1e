package io.spindle.shuffle.yarn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.shuffle.client.FetchRequest;
import io.spindle.shuffle.client.ShuffleClient;
import io.spindle.shuffle.client.ShuffleClientOptions;
import io.spindle.shuffle.client.ShuffleFetchException;
import io.spindle.shuffle.client.ShuffleFetchIterator;
import io.spindle.shuffle.protocol.ErrorCode;
import io.spindle.shuffle.server.RecoveryStore;
import io.spindle.shuffle.server.ShuffleTestFixture;
import java.io.DataInputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.server.api.ApplicationInitializationContext;
import org.apache.hadoop.yarn.server.api.ApplicationTerminationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The aux-service adapter on its own, as the NodeManager drives it. */
class SpindleShuffleServiceTest {
  private static final ApplicationId APP = ApplicationId.newInstance(1700000000000L, 7);
  private static final byte[] SECRET = "s3cret".getBytes(StandardCharsets.UTF_8);

  @TempDir
  Path nmLocal;
  @TempDir
  Path recovery;

  private SpindleShuffleService start(int port) {
    Configuration conf = new Configuration(false);
    conf.setInt(ShuffleServiceConfig.PORT.name(), port);
    conf.set("yarn.nodemanager.local-dirs", nmLocal.toString());
    SpindleShuffleService service = new SpindleShuffleService();
    service.setRecoveryPath(new org.apache.hadoop.fs.Path(recovery.toUri()));
    service.init(conf);
    service.start();
    return service;
  }

  private List<String> appDirs() throws Exception {
    Path dir = nmLocal.resolve("usercache/alice/appcache/" + APP);
    Files.createDirectories(dir);
    return List.of(dir.toString());
  }

  private static FetchRequest request(int port) {
    return new FetchRequest("localhost", port, APP.toString(), "1", 0, new long[] {0}, 0, 2, 300);
  }

  @Test
  void lifecycleMetadataAndRecoveryAcrossRestart() throws Exception {
    List<String> dirs = appDirs();
    byte[][] written = ShuffleTestFixture.writeMapOutput(dirs, 0, 0, new int[] {100, 200});

    SpindleShuffleService first = start(0);
    int port = ShuffleServiceData.decodePort(first.getMetaData());
    assertEquals(first.port(), port);
    assertTrue(port > 0);
    first.initializeApplication(new ApplicationInitializationContext("alice", APP,
        ShuffleServiceData.encodeSecret(SECRET)));
    try (ShuffleClient client = new ShuffleClient(SECRET, ShuffleClientOptions.defaults())) {
      client.registerExecutor("localhost", port, APP.toString(), "1", dirs);
      try (ShuffleFetchIterator it = client.fetch(List.of(request(port)))) {
        assertArrayEquals(written[0], it.next().data());
        assertArrayEquals(written[1], it.next().data());
      }
    }
    Map<String, Long> metrics = metrics(first);
    assertEquals(300L, metrics.get("BytesServed"));
    assertEquals(1L, metrics.get("RegisteredExecutors"));
    first.stop();

    // The stored state carries its version.
    try (DataInputStream in = new DataInputStream(
        Files.newInputStream(recovery.resolve(RecoveryStore.FILE_NAME)))) {
      in.readInt();
      assertEquals(RecoveryStore.VERSION, in.readInt());
    }

    // "NodeManager restart": a new instance recovers the secret and the executor registration.
    SpindleShuffleService second = start(0);
    int port2 = second.port();
    try (ShuffleClient client = new ShuffleClient(SECRET, ShuffleClientOptions.defaults())) {
      try (ShuffleFetchIterator it = client.fetch(List.of(request(port2)))) {
        assertArrayEquals(written[0], it.next().data());
        assertArrayEquals(written[1], it.next().data());
      }
      second.stopApplication(new ApplicationTerminationContext(APP));
      try (ShuffleFetchIterator it = client.fetch(List.of(request(port2)))) {
        assertEquals(ErrorCode.UNKNOWN_APPLICATION,
            assertThrows(ShuffleFetchException.class, it::next).errorCode());
      }
    } finally {
      second.stop();
    }

    // The stop is remembered too.
    SpindleShuffleService third = start(0);
    try (ShuffleClient client = new ShuffleClient(SECRET, ShuffleClientOptions.defaults());
        ShuffleFetchIterator it = client.fetch(List.of(request(third.port())))) {
      assertEquals(ErrorCode.UNKNOWN_APPLICATION,
          assertThrows(ShuffleFetchException.class, it::next).errorCode());
    } finally {
      third.stop();
    }
  }

  @Test
  void portInUseFailsStartWithAClearMessage() throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      Exception e = assertThrows(Exception.class, () -> start(taken.getLocalPort()));
      String message = String.valueOf(e.getMessage()) + " / " + e.getCause();
      assertTrue(message.contains(String.valueOf(taken.getLocalPort())), message);
      assertTrue(message.contains(ShuffleServiceConfig.PORT.name()), message);
    }
  }

  @Test
  void callbacksNeverThrow() {
    SpindleShuffleService service = start(0);
    try {
      service.initializeApplication(new ApplicationInitializationContext("bob", APP, null));
      service.stopApplication(new ApplicationTerminationContext(
          ApplicationId.newInstance(1, 1)));
    } finally {
      service.stop();
    }
  }

  private static Map<String, Long> metrics(SpindleShuffleService service) {
    CapturingCollector collector = new CapturingCollector();
    new ShuffleMetricsSource(service.counters()).getMetrics(collector, true);
    Map<String, Long> values = new HashMap<>();
    collector.values.forEach((k, v) -> values.put(k, v.longValue()));
    return values;
  }
}
