package io.spindle.shuffle.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.shuffle.server.ShuffleServerSettings;
import io.spindle.shuffle.server.ShuffleTestFixture;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShuffleFetchIteratorTest {
  private static final String APP = "application_1700000000000_0003";

  @TempDir
  Path root1;
  @TempDir
  Path root2;

  @Test
  void fetchesFromSeveralHostsWithinTheBytesInFlightCap() throws Exception {
    long cap = 256 * 1024;
    int maps = 20;
    int segment = 50_000;
    try (ShuffleTestFixture host1 = new ShuffleTestFixture(root1, ShuffleServerSettings.defaults());
        ShuffleTestFixture host2 = new ShuffleTestFixture(root2, ShuffleServerSettings.defaults());
        ShuffleClient client = new ShuffleClient(ShuffleTestFixture.secret(APP),
            ShuffleClientOptions.defaults().withMaxBytesInFlight(cap))) {
      List<FetchRequest> requests = new ArrayList<>();
      for (ShuffleTestFixture host : List.of(host1, host2)) {
        List<String> dirs = host.addApplication(APP, 2);
        client.registerExecutor("localhost", host.port(), APP, "e" + host.port(), dirs);
        for (long m = 0; m < maps; m++) {
          ShuffleTestFixture.writeMapOutput(dirs, 1, m, new int[] {segment, segment});
          requests.add(new FetchRequest("localhost", host.port(), APP, "e" + host.port(), 1,
              new long[] {m}, 0, 2, 2L * segment));
        }
      }
      int count = 0;
      try (ShuffleFetchIterator it = client.fetch(requests)) {
        while (it.hasNext()) {
          assertTrue(it.bytesInFlight() <= cap, "in flight " + it.bytesInFlight());
          FetchedSegment s = it.next();
          assertArrayEquals(ShuffleTestFixture.content(1, s.mapId(), s.reduceId(), segment), s.data());
          count++;
        }
        assertEquals(0, it.bytesInFlight());
      }
      assertEquals(2 * maps * 2, count);
      assertTrue(host1.counters().bytesServed() > 0 && host2.counters().bytesServed() > 0);
    }
  }

  @Test
  void anUnreachableHostIsAFetchFailureAfterRetries() throws Exception {
    int deadPort;
    try (ServerSocket s = new ServerSocket(0)) {
      deadPort = s.getLocalPort();
    }
    try (ShuffleClient client = new ShuffleClient(new byte[] {1},
        ShuffleClientOptions.defaults().withRetries(2, 10))) {
      FetchRequest r = new FetchRequest("localhost", deadPort, APP, "1", 5, new long[] {3, 4}, 1, 2, 10);
      try (ShuffleFetchIterator it = client.fetch(List.of(r))) {
        ShuffleFetchException e = assertThrows(ShuffleFetchException.class, it::next);
        assertTrue(e.getMessage().contains("shuffle 5 maps [3, 4] reduce 1"), e.getMessage());
        assertTrue(e.getMessage().contains("localhost:" + deadPort), e.getMessage());
        assertTrue(e.getMessage().contains("3 attempts"), e.getMessage());
        assertNull(e.errorCode());
        assertTrue(!it.hasNext());
      }
    }
  }

  @Test
  void largeRequestsAreSplitByMaps() {
    FetchRequest r = new FetchRequest("h", 1, APP, "1", 0, new long[] {1, 2, 3, 4, 5}, 0, 1, 500);
    List<FetchRequest> parts = ShuffleClient.splitByMaps(r, 2);
    assertEquals(3, parts.size());
    assertArrayEquals(new long[] {5}, parts.get(2).mapIds());
    assertEquals(200, parts.get(0).expectedBytes());
  }
}
